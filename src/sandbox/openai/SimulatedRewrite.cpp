#include "openai/SimulatedRewrite.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

namespace cx::sandbox {

namespace {

QString field(const QString& text, const QString& name)
{
    const QRegularExpression line(QStringLiteral("^%1:\\s*(.*)$").arg(QRegularExpression::escape(name)),
        QRegularExpression::MultilineOption);
    return line.match(text).captured(1).trimmed();
}

struct Parts {
    QString greeting;
    QStringList body; // sentences
    QString signOff;
};

Parts split(const QString& text)
{
    Parts p;
    QStringList paragraphs = text.trimmed().split(QRegularExpression(QStringLiteral("\\n\\s*\\n")));
    if (!paragraphs.isEmpty() && paragraphs.first().trimmed().endsWith(QLatin1Char(',')))
        p.greeting = paragraphs.takeFirst().trimmed();
    if (!paragraphs.isEmpty() && paragraphs.last().contains(QLatin1Char('\n'))
        && paragraphs.last().section(QLatin1Char('\n'), 0, 0).trimmed().endsWith(QLatin1Char(',')))
        p.signOff = paragraphs.takeLast().trimmed();
    for (const QString& paragraph : paragraphs)
        for (const QString& s : paragraph.simplified().split(
                 QRegularExpression(QStringLiteral("(?<=[.!?])\\s+")), Qt::SkipEmptyParts))
            p.body.append(s);
    return p;
}

QString join(const Parts& p)
{
    QStringList out;
    if (!p.greeting.isEmpty())
        out << p.greeting;
    out << p.body.join(QLatin1Char(' '));
    if (!p.signOff.isEmpty())
        out << p.signOff;
    return out.join(QStringLiteral("\n\n"));
}

QString shorter(Parts p)
{
    p.body.removeIf([](const QString& s) {
        return s.startsWith(QLatin1String("Thank you for your message"))
            || s.startsWith(QLatin1String("A colleague"));
    });
    if (p.body.size() > 1)
        p.body = p.body.mid(0, (p.body.size() + 1) / 2);
    return join(p);
}

QString formal(QString text)
{
    static const QList<QPair<QString, QString>> swaps = { { QStringLiteral("n't"), QStringLiteral(" not") },
        { QStringLiteral("'ll"), QStringLiteral(" will") }, { QStringLiteral("'re"), QStringLiteral(" are") },
        { QStringLiteral("'ve"), QStringLiteral(" have") }, { QStringLiteral("I'm"), QStringLiteral("I am") },
        { QStringLiteral("it's"), QStringLiteral("it is") },
        { QStringLiteral("It's"), QStringLiteral("It is") },
        { QStringLiteral("Thanks"), QStringLiteral("Thank you") },
        { QStringLiteral("Kind regards"), QStringLiteral("Yours sincerely") },
        { QStringLiteral("Warm wishes"), QStringLiteral("Yours sincerely") } };
    text.replace(QStringLiteral("won't"), QStringLiteral("will not"));
    text.replace(QStringLiteral("can't"), QStringLiteral("cannot"));
    for (const auto& [from, to] : swaps)
        text.replace(from, to);
    text.replace(QRegularExpression(QStringLiteral("^(Hi|Hello|Hey)\\b")), QStringLiteral("Dear"));
    return text;
}

QString grammar(QString text)
{
    text.replace(QRegularExpression(QStringLiteral("[ \\t]{2,}")), QStringLiteral(" "));
    text.replace(QRegularExpression(QStringLiteral("\\s+([,.!?;:])")), QStringLiteral("\\1"));
    text.replace(QRegularExpression(QStringLiteral(",(?=\\S)")), QStringLiteral(", "));
    text.replace(QRegularExpression(QStringLiteral("\\bi\\b")), QStringLiteral("I"));
    text.replace(
        QRegularExpression(QStringLiteral("\\b(\\w+) \\1\\b"), QRegularExpression::CaseInsensitiveOption),
        QStringLiteral("\\1"));
    // A capital after each sentence end and at the start of each line.
    QRegularExpression start(QStringLiteral("(^|[.!?]\\s+|\\n)([a-z])"));
    QString out;
    qsizetype last = 0;
    auto it = start.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out += text.mid(last, m.capturedStart(2) - last) + m.captured(2).toUpper();
        last = m.capturedEnd(2);
    }
    return out + text.mid(last);
}

QString translate(const QString& text, const QString& language)
{
    using Table = QList<QPair<QString, QString>>;
    static const QHash<QString, Table> phrases = {
        { QStringLiteral("de"),
            { { QStringLiteral("Thank you for your message."),
                  QStringLiteral("Vielen Dank für Ihre Nachricht.") },
                { QStringLiteral("A colleague will confirm the details for your case shortly."),
                    QStringLiteral("Ein Kollege bestätigt Ihnen die Details in Kürze.") },
                { QStringLiteral("A colleague will look into your request and get back to you shortly."),
                    QStringLiteral(
                        "Ein Kollege kümmert sich um Ihre Anfrage und meldet sich in Kürze bei Ihnen.") },
                { QStringLiteral("Kind regards,"), QStringLiteral("Mit freundlichen Grüßen,") },
                { QStringLiteral("The Support Team"), QStringLiteral("Ihr Support-Team") },
                { QStringLiteral("Hello"), QStringLiteral("Hallo") } } },
        { QStringLiteral("es"),
            { { QStringLiteral("Thank you for your message."), QStringLiteral("Gracias por su mensaje.") },
                { QStringLiteral("A colleague will confirm the details for your case shortly."),
                    QStringLiteral("Un compañero le confirmará los detalles en breve.") },
                { QStringLiteral("A colleague will look into your request and get back to you shortly."),
                    QStringLiteral("Un compañero revisará su consulta y le responderá en breve.") },
                { QStringLiteral("Kind regards,"), QStringLiteral("Saludos cordiales,") },
                { QStringLiteral("The Support Team"), QStringLiteral("El equipo de soporte") },
                { QStringLiteral("Hello"), QStringLiteral("Hola") } } },
        { QStringLiteral("fr"),
            { { QStringLiteral("Thank you for your message."), QStringLiteral("Merci pour votre message.") },
                { QStringLiteral("A colleague will confirm the details for your case shortly."),
                    QStringLiteral("Un collègue vous confirmera les détails sous peu.") },
                { QStringLiteral("A colleague will look into your request and get back to you shortly."),
                    QStringLiteral("Un collègue examinera votre demande et vous répondra sous peu.") },
                { QStringLiteral("Kind regards,"), QStringLiteral("Cordialement,") },
                { QStringLiteral("The Support Team"), QStringLiteral("L'équipe support") },
                { QStringLiteral("Hello"), QStringLiteral("Bonjour") } } },
    };
    static const QHash<QString, QHash<QString, QString>> words = {
        { QStringLiteral("de"),
            { { QStringLiteral("we"), QStringLiteral("wir") },
                { QStringLiteral("ship"), QStringLiteral("liefern") },
                { QStringLiteral("to"), QStringLiteral("nach") },
                { QStringLiteral("the"), QStringLiteral("die") },
                { QStringLiteral("and"), QStringLiteral("und") },
                { QStringLiteral("days"), QStringLiteral("Tage") },
                { QStringLiteral("within"), QStringLiteral("innerhalb") },
                { QStringLiteral("your"), QStringLiteral("Ihre") },
                { QStringLiteral("is"), QStringLiteral("ist") },
                { QStringLiteral("are"), QStringLiteral("sind") },
                { QStringLiteral("for"), QStringLiteral("für") },
                { QStringLiteral("free"), QStringLiteral("kostenlos") },
                { QStringLiteral("with"), QStringLiteral("mit") },
                { QStringLiteral("you"), QStringLiteral("Sie") },
                { QStringLiteral("business"), QStringLiteral("Werk-") },
                { QStringLiteral("can"), QStringLiteral("kann") },
                { QStringLiteral("of"), QStringLiteral("von") } } },
        { QStringLiteral("es"),
            { { QStringLiteral("we"), QStringLiteral("nosotros") },
                { QStringLiteral("the"), QStringLiteral("el") },
                { QStringLiteral("and"), QStringLiteral("y") },
                { QStringLiteral("days"), QStringLiteral("días") },
                { QStringLiteral("your"), QStringLiteral("su") },
                { QStringLiteral("for"), QStringLiteral("para") },
                { QStringLiteral("with"), QStringLiteral("con") },
                { QStringLiteral("you"), QStringLiteral("usted") } } },
        { QStringLiteral("fr"),
            { { QStringLiteral("we"), QStringLiteral("nous") },
                { QStringLiteral("the"), QStringLiteral("le") },
                { QStringLiteral("and"), QStringLiteral("et") },
                { QStringLiteral("days"), QStringLiteral("jours") },
                { QStringLiteral("your"), QStringLiteral("votre") },
                { QStringLiteral("for"), QStringLiteral("pour") },
                { QStringLiteral("with"), QStringLiteral("avec") },
                { QStringLiteral("you"), QStringLiteral("vous") } } },
    };
    if (!phrases.contains(language))
        return text;
    QString out = text;
    for (const auto& [from, to] : phrases.value(language))
        out.replace(from, to);
    const QHash<QString, QString> table = words.value(language);
    static const QRegularExpression word(QStringLiteral("\\b[A-Za-z]+\\b"));
    QString translated;
    qsizetype last = 0;
    auto it = word.globalMatch(out);
    while (it.hasNext()) {
        const auto m = it.next();
        translated += out.mid(last, m.capturedStart() - last);
        QString word = table.value(m.captured().toLower(), m.captured());
        if (m.captured().at(0).isUpper())
            word[0] = word.at(0).toUpper();
        translated += word;
        last = m.capturedEnd();
    }
    return translated + out.mid(last);
}

} // namespace

QJsonObject simulatedRewrite(const QJsonObject& request)
{
    QString user;
    for (const QJsonValue& message : request.value(QStringLiteral("messages")).toArray())
        if (message.toObject().value(QStringLiteral("role")) == QLatin1String("user"))
            user = message.toObject().value(QStringLiteral("content")).toString();
    const QString action = field(user, QStringLiteral("Action"));
    const QString target = field(user, QStringLiteral("Target language"));
    const qsizetype open = user.indexOf(QLatin1String("<<<\n"));
    const qsizetype close = user.indexOf(QLatin1String("\n>>>"), open);
    const QString draft = open >= 0 && close > open ? user.mid(open + 4, close - open - 4) : QString();
    QString reply = draft;
    QString language = QStringLiteral("en");
    if (action == QLatin1String("shorter")) {
        reply = shorter(split(draft));
    } else if (action == QLatin1String("friendlier")) {
        Parts p = split(draft);
        p.body.prepend(QStringLiteral("Thanks so much for reaching out, happy to help!"));
        p.signOff.replace(QStringLiteral("Kind regards"), QStringLiteral("Warm wishes"));
        reply = join(p);
    } else if (action == QLatin1String("formal")) {
        reply = formal(draft);
    } else if (action == QLatin1String("grammar")) {
        reply = grammar(draft);
    } else if (action == QLatin1String("language")) {
        reply = translate(draft, target);
        language = target;
    }
    return { { QStringLiteral("reply"), reply }, { QStringLiteral("language"), language } };
}

} // namespace cx::sandbox
