#include "openai/OpenAiRequestValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace cx::sandbox {

namespace {

using Rejection = OpenAiRequestValidator::Rejection;

Rejection reject(const QString& message, const QString& param = {}, const QString& code = {})
{
    Rejection rejection;
    rejection.message = message;
    rejection.param = param;
    rejection.code = code;
    return rejection;
}

std::optional<Rejection> checkUnknownFields(const QJsonObject& body, const QSet<QString>& known)
{
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!known.contains(it.key()))
            return reject(QStringLiteral("Unrecognized request argument supplied: %1").arg(it.key()),
                it.key(), QStringLiteral("unknown_parameter"));
    }
    return std::nullopt;
}

std::optional<Rejection> checkModel(const QJsonObject& body)
{
    if (!body.contains(QStringLiteral("model")))
        return reject(QStringLiteral("you must provide a model parameter"));
    if (!body.value(QStringLiteral("model")).isString()
        || body.value(QStringLiteral("model")).toString().isEmpty())
        return reject(QStringLiteral("Invalid type for 'model': expected a non-empty string."),
            QStringLiteral("model"), QStringLiteral("invalid_type"));
    return std::nullopt;
}

std::optional<Rejection> checkRange(const QJsonObject& body, const QString& name, double low, double high)
{
    if (!body.contains(name) || body.value(name).isNull())
        return std::nullopt;
    if (!body.value(name).isDouble())
        return reject(QStringLiteral("Invalid type for '%1': expected a number.").arg(name), name,
            QStringLiteral("invalid_type"));
    const double value = body.value(name).toDouble();
    if (value < low)
        return reject(
            QStringLiteral("Invalid '%1': decimal below minimum value. Expected a value >= %2, but got "
                           "%3 instead.")
                .arg(name)
                .arg(low)
                .arg(value),
            name, QStringLiteral("decimal_below_min_value"));
    if (value > high)
        return reject(
            QStringLiteral("Invalid '%1': decimal above maximum value. Expected a value <= %2, but got "
                           "%3 instead.")
                .arg(name)
                .arg(high)
                .arg(value),
            name, QStringLiteral("decimal_above_max_value"));
    return std::nullopt;
}

std::optional<Rejection> checkPositiveInt(const QJsonObject& body, const QString& name)
{
    if (!body.contains(name) || body.value(name).isNull())
        return std::nullopt;
    const QJsonValue value = body.value(name);
    if (!value.isDouble() || value.toDouble() != double(value.toInteger()) || value.toInteger() < 1)
        return reject(QStringLiteral("Invalid '%1': expected an integer >= 1.").arg(name), name,
            QStringLiteral("invalid_value"));
    return std::nullopt;
}

} // namespace

std::optional<Rejection> OpenAiRequestValidator::parse(const QByteArray& bytes, QJsonObject& out)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return reject(
            QStringLiteral("We could not parse the JSON body of your request. (HINT: This likely means "
                           "you aren't using your HTTP library correctly. The OpenAI API expects a JSON "
                           "payload, but what was sent was not valid JSON.)"));
    out = doc.object();
    return std::nullopt;
}

QString OpenAiRequestValidator::strictSchemaProblem(const QJsonObject& schema, const QString& context)
{
    const bool isObject = schema.value(QStringLiteral("type")) == QLatin1String("object")
        || schema.value(QStringLiteral("properties")).isObject();
    if (isObject) {
        if (schema.value(QStringLiteral("additionalProperties")) != QJsonValue(false))
            return QStringLiteral(
                "In context=(%1), 'additionalProperties' is required to be supplied and to be false.")
                .arg(context);
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        QSet<QString> required;
        for (const QJsonValue& name : schema.value(QStringLiteral("required")).toArray())
            required.insert(name.toString());
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            if (!required.contains(it.key()))
                return QStringLiteral(
                    "In context=(%1), 'required' is required to be supplied and to be an array "
                    "including every key in properties. Missing '%2'.")
                    .arg(context, it.key());
            if (it.value().isObject()) {
                const QString problem = strictSchemaProblem(it.value().toObject(),
                    context + QStringLiteral("'properties', '") + it.key() + QStringLiteral("', "));
                if (!problem.isEmpty())
                    return problem;
            }
        }
    }
    if (schema.value(QStringLiteral("items")).isObject())
        return strictSchemaProblem(
            schema.value(QStringLiteral("items")).toObject(), context + QStringLiteral("'items', "));
    for (const QJsonValue& option : schema.value(QStringLiteral("anyOf")).toArray()) {
        const QString problem = strictSchemaProblem(option.toObject(), context + QStringLiteral("'anyOf', "));
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

std::optional<Rejection> OpenAiRequestValidator::checkChat(const QJsonObject& body)
{
    static const QSet<QString> known {
        QStringLiteral("model"),
        QStringLiteral("messages"),
        QStringLiteral("temperature"),
        QStringLiteral("top_p"),
        QStringLiteral("max_tokens"),
        QStringLiteral("max_completion_tokens"),
        QStringLiteral("n"),
        QStringLiteral("stream"),
        QStringLiteral("stream_options"),
        QStringLiteral("stop"),
        QStringLiteral("seed"),
        QStringLiteral("response_format"),
        QStringLiteral("presence_penalty"),
        QStringLiteral("frequency_penalty"),
        QStringLiteral("logit_bias"),
        QStringLiteral("logprobs"),
        QStringLiteral("top_logprobs"),
        QStringLiteral("user"),
        QStringLiteral("tools"),
        QStringLiteral("tool_choice"),
        QStringLiteral("parallel_tool_calls"),
        QStringLiteral("reasoning_effort"),
        QStringLiteral("verbosity"),
        QStringLiteral("store"),
        QStringLiteral("metadata"),
        QStringLiteral("service_tier"),
        QStringLiteral("safety_identifier"),
        QStringLiteral("prompt_cache_key"),
    };
    if (auto unknown = checkUnknownFields(body, known))
        return unknown;
    if (auto model = checkModel(body))
        return model;
    if (!body.contains(QStringLiteral("messages")))
        return reject(QStringLiteral("Missing required parameter: 'messages'."), QStringLiteral("messages"),
            QStringLiteral("missing_required_parameter"));
    if (!body.value(QStringLiteral("messages")).isArray())
        return reject(QStringLiteral("Invalid type for 'messages': expected an array of objects."),
            QStringLiteral("messages"), QStringLiteral("invalid_type"));
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    if (messages.isEmpty())
        return reject(
            QStringLiteral("Invalid 'messages': empty array. Expected an array with minimum length 1, but "
                           "got an empty array instead."),
            QStringLiteral("messages"), QStringLiteral("empty_array"));
    static const QSet<QString> roles { QStringLiteral("developer"), QStringLiteral("system"),
        QStringLiteral("user"), QStringLiteral("assistant"), QStringLiteral("tool"),
        QStringLiteral("function") };
    QString allText;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString where = QStringLiteral("messages[%1]").arg(i);
        if (!messages.at(i).isObject())
            return reject(QStringLiteral("Invalid type for '%1': expected an object.").arg(where), where,
                QStringLiteral("invalid_type"));
        const QJsonObject message = messages.at(i).toObject();
        const QString role = message.value(QStringLiteral("role")).toString();
        if (!roles.contains(role))
            return reject(
                QStringLiteral("Invalid value: '%1'. Supported values are: 'system', 'assistant', 'user', "
                               "'function', 'tool', and 'developer'.")
                    .arg(role),
                where + QStringLiteral(".role"), QStringLiteral("invalid_value"));
        const QJsonValue content = message.value(QStringLiteral("content"));
        if (role != QLatin1String("assistant") && !content.isString() && !content.isArray())
            return reject(QStringLiteral("Missing required parameter: '%1.content'.").arg(where),
                where + QStringLiteral(".content"), QStringLiteral("missing_required_parameter"));
        allText += content.toString() + QLatin1Char('\n');
    }
    if (auto bad = checkRange(body, QStringLiteral("temperature"), 0.0, 2.0))
        return bad;
    if (auto bad = checkRange(body, QStringLiteral("top_p"), 0.0, 1.0))
        return bad;
    if (auto bad = checkPositiveInt(body, QStringLiteral("max_completion_tokens")))
        return bad;
    if (auto bad = checkPositiveInt(body, QStringLiteral("max_tokens")))
        return bad;
    if (body.contains(QStringLiteral("n")) && body.value(QStringLiteral("n")).toInt() != 1)
        return reject(QStringLiteral("The simulated server supports n = 1 only."), QStringLiteral("n"));
    const bool stream = body.value(QStringLiteral("stream")).toBool();
    if (body.contains(QStringLiteral("stream")) && !body.value(QStringLiteral("stream")).isBool())
        return reject(QStringLiteral("Invalid type for 'stream': expected a boolean."),
            QStringLiteral("stream"), QStringLiteral("invalid_type"));
    if (body.contains(QStringLiteral("stream_options")) && !stream)
        return reject(
            QStringLiteral("The 'stream_options' parameter is only allowed when 'stream' is enabled."),
            QStringLiteral("stream_options"), QStringLiteral("invalid_value"));
    if (body.contains(QStringLiteral("response_format"))) {
        const QJsonObject format = body.value(QStringLiteral("response_format")).toObject();
        const QString type = format.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("json_object")) {
            if (!allText.contains(QLatin1String("json"), Qt::CaseInsensitive))
                return reject(QStringLiteral("'messages' must contain the word 'json' in some form, to use "
                                             "'response_format' of type 'json_object'."),
                    QStringLiteral("messages"));
        } else if (type == QLatin1String("json_schema")) {
            const QJsonObject spec = format.value(QStringLiteral("json_schema")).toObject();
            static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
            if (!validName.match(spec.value(QStringLiteral("name")).toString()).hasMatch())
                return reject(QStringLiteral("Invalid 'response_format.json_schema.name': must match "
                                             "^[a-zA-Z0-9_-]{1,64}$."),
                    QStringLiteral("response_format.json_schema.name"), QStringLiteral("invalid_value"));
            if (!spec.value(QStringLiteral("schema")).isObject())
                return reject(
                    QStringLiteral("Missing required parameter: 'response_format.json_schema.schema'."),
                    QStringLiteral("response_format.json_schema.schema"),
                    QStringLiteral("missing_required_parameter"));
            if (spec.value(QStringLiteral("strict")).toBool()) {
                const QString problem = strictSchemaProblem(spec.value(QStringLiteral("schema")).toObject());
                if (!problem.isEmpty())
                    return reject(QStringLiteral("Invalid schema for response_format '%1': %2")
                                      .arg(spec.value(QStringLiteral("name")).toString(), problem),
                        QStringLiteral("response_format"), QStringLiteral("invalid_json_schema"));
            }
        } else if (type != QLatin1String("text")) {
            return reject(
                QStringLiteral("Invalid value: '%1'. Supported values are: 'text', 'json_object' and "
                               "'json_schema'.")
                    .arg(type),
                QStringLiteral("response_format.type"), QStringLiteral("invalid_value"));
        }
    }
    return std::nullopt;
}

std::optional<Rejection> OpenAiRequestValidator::checkEmbeddings(const QJsonObject& body)
{
    static const QSet<QString> known { QStringLiteral("model"), QStringLiteral("input"),
        QStringLiteral("encoding_format"), QStringLiteral("dimensions"), QStringLiteral("user") };
    if (auto unknown = checkUnknownFields(body, known))
        return unknown;
    if (auto model = checkModel(body))
        return model;
    const QJsonValue input = body.value(QStringLiteral("input"));
    if (input.isUndefined())
        return reject(QStringLiteral("Missing required parameter: 'input'."), QStringLiteral("input"),
            QStringLiteral("missing_required_parameter"));
    if (input.isString()) {
        if (input.toString().isEmpty())
            return reject(QStringLiteral("'$.input' is invalid: it must not be an empty string."),
                QStringLiteral("input"));
    } else if (input.isArray()) {
        const QJsonArray items = input.toArray();
        if (items.isEmpty() || items.size() > 2048)
            return reject(QStringLiteral("'$.input' is invalid: an array must hold 1 to 2048 items, got %1.")
                              .arg(items.size()),
                QStringLiteral("input"));
        for (const QJsonValue& item : items) {
            if (!item.isString() || item.toString().isEmpty())
                return reject(QStringLiteral("'$.input' is invalid: every item must be a non-empty string."),
                    QStringLiteral("input"));
        }
    } else {
        return reject(QStringLiteral("'$.input' is invalid: expected a string or an array of strings."),
            QStringLiteral("input"));
    }
    const QString encoding = body.value(QStringLiteral("encoding_format")).toString(QStringLiteral("float"));
    if (encoding != QLatin1String("float") && encoding != QLatin1String("base64"))
        return reject(
            QStringLiteral("Invalid value: '%1'. Supported values are: 'float' and 'base64'.").arg(encoding),
            QStringLiteral("encoding_format"), QStringLiteral("invalid_value"));
    if (auto bad = checkPositiveInt(body, QStringLiteral("dimensions")))
        return bad;
    return std::nullopt;
}

} // namespace cx::sandbox
