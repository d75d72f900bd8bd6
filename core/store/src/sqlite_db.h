#pragma once

// A thin RAII layer over the SQLite C API: one connection, prepared statements, errors as Error.
// Private to liqheat_store.

#include "liqheat/model/result.h"

#include <cstdint>
#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace liqheat::sqlite {

class Statement {
public:
    Statement() = default;
    Statement(sqlite3_stmt* statement, sqlite3* db) : m_statement(statement), m_db(db) {}
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Parameters count from 1, as in SQL.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::optional<double> value);  ///< nullopt binds NULL
    Statement& bind(int index, const std::string& value);

    /// Runs one step: true when a row is ready to read, false when done.
    Result<bool> step();
    /// Runs to completion (for statements without rows).
    Status run();
    /// Ready to run again with new parameters.
    void reset();

    // Columns count from 0.
    [[nodiscard]] std::int64_t integer(int column) const;
    [[nodiscard]] double real(int column) const;
    [[nodiscard]] std::optional<double> optionalReal(int column) const;
    [[nodiscard]] std::string text(int column) const;

private:
    sqlite3_stmt* m_statement = nullptr;
    sqlite3* m_db = nullptr;
};

/// The SQLite result codes the store tells apart.
enum class Failure { Other, Busy, NotADatabase, Corrupt };

class Connection {
public:
    /// Opens or creates `path` read-write. Fails with IoError.
    static Result<Connection> open(const std::string& path);

    Connection() = default;
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    Status exec(const std::string& sql);
    Result<Statement> prepare(const std::string& sql);
    /// The single integer or text value a query gives (e.g. a PRAGMA).
    Result<std::int64_t> queryInteger(const std::string& sql);
    Result<std::string> queryText(const std::string& sql);
    [[nodiscard]] int changes() const;
    /// The class of the last failure on this connection (corrupt, not a database, busy).
    [[nodiscard]] Failure lastFailure() const;
    void close();

private:
    explicit Connection(sqlite3* db) : m_db(db) {}
    sqlite3* m_db = nullptr;
};

/// An IoError with SQLite's message for `db`: "<what>: <message>".
Error errorFrom(sqlite3* db, const std::string& what);

/// BEGIN IMMEDIATE ... COMMIT; rolls back on destruction unless committed.
class Transaction {
public:
    static Result<Transaction> begin(Connection& connection);
    Transaction(Transaction&& other) noexcept : m_connection(other.m_connection) { other.m_connection = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    Status commit();

private:
    explicit Transaction(Connection& connection) : m_connection(&connection) {}
    Connection* m_connection;
};

}  // namespace liqheat::sqlite
