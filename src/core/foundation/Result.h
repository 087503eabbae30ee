#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace cx {

// What went wrong, as a value: errors cross Qt boundaries as data, never as exceptions.
enum class ErrorKind {
    Invalid, // bad input: a setting, a grade, a URL (field names it)
    NotFound,
    Conflict, // someone else got there first, or a constraint/unique key
    Unauthorized,
    RateLimited,
    Timeout,
    Network,
    Tls,
    Server, // 5xx, or a server that answered nonsense
    Malformed, // a body we could not parse
    Database,
    Unavailable, // a dependency is not there (keychain, database)
    Cancelled,
    Internal,
};

QString errorKindName(ErrorKind kind);

struct Error {
    ErrorKind kind = ErrorKind::Internal;
    QString message; // human readable, already translated where user-visible
    QString field; // the setting, column or parameter concerned, if any
    int httpStatus = 0; // when it came from HTTP

    QString toString() const;
};

// A value or an error. Small on purpose: std::expected needs C++23.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return std::get<0>(m_data); }
    T& value() & { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    const T* operator->() const { return &std::get<0>(m_data); }
    const T& operator*() const { return std::get<0>(m_data); }
    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// For operations that return nothing but may fail.
struct Ok { };
using Status = Result<Ok>;

inline Error makeError(ErrorKind kind, QString message, QString field = {}, int httpStatus = 0)
{
    return Error { kind, std::move(message), std::move(field), httpStatus };
}

} // namespace cx
