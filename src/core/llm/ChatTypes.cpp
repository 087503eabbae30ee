#include "llm/ChatTypes.h"

namespace cx::llm {

QString structuredModeName(StructuredMode mode)
{
    switch (mode) {
    case StructuredMode::JsonSchema:
        return QStringLiteral("json_schema");
    case StructuredMode::JsonObject:
        return QStringLiteral("json_object");
    case StructuredMode::PromptOnly:
        return QStringLiteral("prompt_only");
    }
    return {};
}

FinishReason finishReasonFromString(const QString& value)
{
    if (value.isEmpty())
        return FinishReason::Missing;
    if (value == QLatin1String("stop"))
        return FinishReason::Stop;
    if (value == QLatin1String("length"))
        return FinishReason::Length;
    if (value == QLatin1String("content_filter"))
        return FinishReason::ContentFilter;
    if (value == QLatin1String("tool_calls") || value == QLatin1String("function_call"))
        return FinishReason::ToolCalls;
    return FinishReason::Other;
}

} // namespace cx::llm
