#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace liqheat {

/// What went wrong, in one line a user can act on.
struct Error {
    enum class Code {
        InvalidArgument,
        InvalidData,  ///< a series or field breaks its rules (order, finiteness, sign)
        ParseError,   ///< the bytes are not the format they claim to be
        UnsupportedVersion,
        TooLarge,
        IoError,
        NotFound,
        Network,
        RateLimited,
        Cancelled,
    };
    Code code = Code::InvalidArgument;
    std::string message;
};

/// A value or an Error; the boundary type of every core module that can fail.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : m_data(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    T& value() &
    {
        assert(ok());
        return std::get<T>(m_data);
    }
    const T& value() const&
    {
        assert(ok());
        return std::get<T>(m_data);
    }
    T&& value() &&
    {
        assert(ok());
        return std::get<T>(std::move(m_data));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    [[nodiscard]] const Error& error() const
    {
        assert(!ok());
        return std::get<Error>(m_data);
    }

private:
    std::variant<T, Error> m_data;
};

/// Result of an operation that yields nothing but success or an Error.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)), m_ok(false) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    [[nodiscard]] const Error& error() const
    {
        assert(!m_ok);
        return m_error;
    }

private:
    Error m_error;
    bool m_ok = true;
};

inline Error makeError(Error::Code code, std::string message) { return Error{code, std::move(message)}; }
/// An invalid value given by the caller (a usage mistake, not bad data).
inline Error invalidArgument(std::string message)
{
    return makeError(Error::Code::InvalidArgument, std::move(message));
}

}  // namespace liqheat
