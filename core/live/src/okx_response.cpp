// OKX v5 answers: {"code": "0", "msg": "", "data": [...]}; code is a string ("50011": rate
// limit), except on unknown paths where it is a number.
#include "okx_common.h"

#include <optional>

namespace liqheat::detail::okx {
namespace {

std::optional<std::string> codeOf(const Json& body)
{
    if (!body.is_object()) {
        return std::nullopt;
    }
    const auto it = body.find("code");
    if (it == body.end()) {
        return std::nullopt;
    }
    if (it->is_string()) {
        return it->get<std::string>();
    }
    if (it->is_number_integer()) {
        return std::to_string(it->get<long long>());
    }
    return std::nullopt;
}

}  // namespace

RetryDecision classify(const HttpResponse& response)
{
    const long status = response.status;
    const std::string statusText = "HTTP " + std::to_string(status);
    const auto retryAfter = parseRetryAfter(response.header("retry-after"), nowUtcMs());
    if (status == 408 || status >= 500) {
        return RetryDecision::retry(makeError(Error::Code::Network, statusText + " (server error)"));
    }
    Json body;
    try {
        body = Json::parse(response.body);
    } catch (const Json::exception&) {
        if (status >= 200 && status < 300) {
            return RetryDecision::accept();  // the parser names what is wrong with it
        }
        if (status == 429) {
            return RetryDecision::retry(makeError(Error::Code::RateLimited, statusText + " Too Many Requests"),
                                        retryAfter);
        }
        return RetryDecision::fail(
            makeError(Error::Code::Network, describeStatus(response) + ": " + bodyExcerpt(response.body)));
    }
    const auto code = codeOf(body);
    const std::string message = body.is_object() && body.contains("msg") && body["msg"].is_string()
                                    ? body["msg"].get<std::string>()
                                    : std::string();
    if (code == "50011" || (status == 429 && !code)) {
        return RetryDecision::retry(
            makeError(Error::Code::RateLimited, "code 50011: rate limit reached (" + message + ")"), retryAfter);
    }
    // Service unavailable, endpoint timeout, system busy, system error: worth another try.
    if (code == "50001" || code == "50004" || code == "50013" || code == "50026") {
        return RetryDecision::retry(makeError(Error::Code::Network, "code " + *code + ": " + message));
    }
    if (status < 200 || status >= 300) {
        return RetryDecision::fail(
            makeError(Error::Code::Network,
                      describeStatus(response) + ": " + (message.empty() ? bodyExcerpt(response.body) : message)));
    }
    if (code && *code != "0") {
        return RetryDecision::fail(makeError(Error::Code::InvalidArgument, "code " + *code + ": " + message));
    }
    return RetryDecision::accept();
}

Result<const Json*> dataOf(Session& session, const Json& body, const std::string& path)
{
    const std::string where = "GET " + path;
    auto data = member(body, "data", where);
    if (!data) {
        return session.error(data.error());
    }
    auto array = readArray(**data, where + ": data");
    if (!array) {
        return session.error(array.error());
    }
    return array;
}

}  // namespace liqheat::detail::okx
