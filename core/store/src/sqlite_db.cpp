#include "sqlite_db.h"

#include <sqlite3.h>

#include <utility>

namespace liqheat::sqlite {

Error errorFrom(sqlite3* db, const std::string& what)
{
    const char* message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    return makeError(Error::Code::IoError, what + ": " + message);
}

Statement::Statement(Statement&& other) noexcept
    : m_statement(std::exchange(other.m_statement, nullptr)), m_db(other.m_db)
{}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_statement = std::exchange(other.m_statement, nullptr);
        m_db = other.m_db;
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(m_statement); }

Statement& Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_statement, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_statement, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::optional<double> value)
{
    if (value) {
        sqlite3_bind_double(m_statement, index, *value);
    } else {
        sqlite3_bind_null(m_statement, index);
    }
    return *this;
}

Statement& Statement::bind(int index, const std::string& value)
{
    sqlite3_bind_text(m_statement, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}

Result<bool> Statement::step()
{
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    return errorFrom(m_db, "store");
}

Status Statement::run()
{
    for (;;) {
        auto row = step();
        if (!row) {
            reset();
            return row.error();
        }
        if (!*row) {
            reset();
            return {};
        }
    }
}

void Statement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_statement, column); }

double Statement::real(int column) const { return sqlite3_column_double(m_statement, column); }

std::optional<double> Statement::optionalReal(int column) const
{
    if (sqlite3_column_type(m_statement, column) == SQLITE_NULL) {
        return std::nullopt;
    }
    return sqlite3_column_double(m_statement, column);
}

std::string Statement::text(int column) const
{
    const auto* bytes = sqlite3_column_text(m_statement, column);
    return bytes != nullptr ? std::string(reinterpret_cast<const char*>(bytes)) : std::string();
}

Result<Connection> Connection::open(const std::string& path)
{
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        Error error = errorFrom(db, "cannot open the store " + path);
        sqlite3_close(db);
        return error;
    }
    sqlite3_extended_result_codes(db, 0);
    return Connection(db);
}

Connection::Connection(Connection&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept
{
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Connection::~Connection() { close(); }

void Connection::close()
{
    // Statements are finalised by their owners first; close_v2 waits for any that are not.
    sqlite3_close_v2(m_db);
    m_db = nullptr;
}

Status Connection::exec(const std::string& sql)
{
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        return errorFrom(m_db, "store");
    }
    return {};
}

Result<Statement> Connection::prepare(const std::string& sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK) {
        return errorFrom(m_db, "store");
    }
    return Statement(statement, m_db);
}

Result<std::int64_t> Connection::queryInteger(const std::string& sql)
{
    auto statement = prepare(sql);
    if (!statement) {
        return statement.error();
    }
    auto row = statement->step();
    if (!row) {
        return row.error();
    }
    return *row ? statement->integer(0) : 0;
}

Result<std::string> Connection::queryText(const std::string& sql)
{
    auto statement = prepare(sql);
    if (!statement) {
        return statement.error();
    }
    auto row = statement->step();
    if (!row) {
        return row.error();
    }
    return *row ? statement->text(0) : std::string();
}

int Connection::changes() const { return sqlite3_changes(m_db); }

Failure Connection::lastFailure() const
{
    switch (sqlite3_errcode(m_db) & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Failure::Busy;
    case SQLITE_NOTADB: return Failure::NotADatabase;
    case SQLITE_CORRUPT: return Failure::Corrupt;
    default: return Failure::Other;
    }
}

Result<Transaction> Transaction::begin(Connection& connection)
{
    // IMMEDIATE takes the write lock now, so a second writer waits (busy timeout) here rather
    // than failing at its first write.
    if (auto s = connection.exec("BEGIN IMMEDIATE"); !s) {
        return s.error();
    }
    return Transaction(connection);
}

Transaction::~Transaction()
{
    if (m_connection != nullptr) {
        (void)m_connection->exec("ROLLBACK");
    }
}

Status Transaction::commit()
{
    auto s = m_connection->exec("COMMIT");
    if (s) {
        m_connection = nullptr;
    }
    return s;
}

}  // namespace liqheat::sqlite
