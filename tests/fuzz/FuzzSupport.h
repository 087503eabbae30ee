#pragma once

// Shared by the libFuzzer targets: the input as Qt bytes, and a quiet Qt (warnings from code under test
// would flood the fuzzer's output; crashes and sanitizer reports still go to stderr).
#include <QByteArray>
#include <QLoggingCategory>

#include <cstddef>
#include <cstdint>

namespace cx::fuzz {

inline QByteArray bytes(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
}

inline void quietQt()
{
    QLoggingCategory::setFilterRules(QStringLiteral("*=false"));
}

} // namespace cx::fuzz

// Defined by each target: runs once before the first input.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
