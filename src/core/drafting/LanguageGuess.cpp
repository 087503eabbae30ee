#include "drafting/LanguageGuess.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace cx::drafting {

namespace {

struct LanguageWords {
    const char* code;
    const char* name;
    QSet<QString> words;
};

QSet<QString> setOf(std::initializer_list<const char*> list)
{
    QSet<QString> out;
    for (const char* w : list)
        out.insert(QString::fromUtf8(w));
    return out;
}

// Function words only (articles, pronouns, prepositions, auxiliaries): frequent in any topic, rare across
// languages. Words shared by two languages ("de", "en", "in") are left out of both.
const QList<LanguageWords>& languages()
{
    static const QList<LanguageWords> list = {
        { "en", QT_TRANSLATE_NOOP("cx::drafting::Language", "English"),
            setOf({ "the", "and", "is", "are", "you", "your", "we", "our", "it", "of", "to", "for", "with",
                "this", "that", "have", "has", "will", "can", "be", "my", "on", "at", "do", "not", "thank",
                "please", "hello", "hi", "would", "there", "from", "within", "regards", "kind", "when", "how",
                "what", "where" }) },
        { "de", QT_TRANSLATE_NOOP("cx::drafting::Language", "German"),
            setOf({ "der", "die", "das", "und", "ist", "sind", "sie", "ihr", "ihre", "ihren", "ich", "wir",
                "nicht", "mit", "auch", "nach", "auf", "für", "ein", "eine", "einen", "dem", "den", "des",
                "zu", "bei", "wie", "was", "wann", "muss", "kann", "haben", "hallo", "vielen", "dank",
                "grüßen", "freundlichen", "bitte", "liefern", "werktage", "innerhalb", "oder", "aber" }) },
        { "es", QT_TRANSLATE_NOOP("cx::drafting::Language", "Spanish"),
            setOf({ "el", "los", "las", "y", "es", "usted", "su", "sus", "yo", "nosotros", "mi", "con", "del",
                "al", "como", "cuando", "hola", "gracias", "saludos", "puedo", "está", "tengo", "muy",
                "pero" }) },
        { "fr", QT_TRANSLATE_NOOP("cx::drafting::Language", "French"),
            setOf({ "le", "les", "et", "est", "sont", "vous", "votre", "vos", "je", "nous", "notre", "pour",
                "avec", "une", "du", "au", "aux", "qui", "bonjour", "merci", "cordialement", "pas", "ce",
                "cette", "mon", "ma", "mes", "sur", "dans", "commande" }) },
        { "pt", QT_TRANSLATE_NOOP("cx::drafting::Language", "Portuguese"),
            setOf({ "o", "os", "as", "é", "são", "você", "seu", "eu", "nós", "nosso", "com", "uma", "um",
                "da", "dos", "das", "não", "olá", "obrigado", "obrigada", "atenciosamente", "meu", "minha",
                "mas", "já" }) },
        { "it", QT_TRANSLATE_NOOP("cx::drafting::Language", "Italian"),
            setOf({ "il", "gli", "lo", "è", "sono", "lei", "suo", "io", "noi", "nostro", "per", "uno",
                "della", "delle", "che", "ciao", "grazie", "saluti", "cordiali", "non", "mio", "mia",
                "ordine", "buongiorno" }) },
        { "nl", QT_TRANSLATE_NOOP("cx::drafting::Language", "Dutch"),
            setOf({ "het", "een", "en", "zijn", "u", "uw", "jij", "ik", "wij", "ons", "onze", "voor", "met",
                "van", "niet", "ook", "naar", "bij", "hallo", "bedankt", "groeten", "vriendelijke", "mijn",
                "bestelling", "wanneer", "maar", "dat", "dit" }) },
    };
    return list;
}

} // namespace

QString guessLanguage(const QString& text)
{
    static const QRegularExpression wordPattern(
        QStringLiteral("[\\p{L}]+"), QRegularExpression::UseUnicodePropertiesOption);
    QHash<QString, int> hits;
    auto it = wordPattern.globalMatch(text.toLower());
    while (it.hasNext()) {
        const QString word = it.next().captured(0);
        for (const LanguageWords& language : languages()) {
            if (language.words.contains(word))
                ++hits[QString::fromLatin1(language.code)];
        }
    }
    QString best;
    int bestHits = 0;
    int secondHits = 0;
    for (auto h = hits.cbegin(); h != hits.cend(); ++h) {
        if (h.value() > bestHits) {
            secondHits = bestHits;
            bestHits = h.value();
            best = h.key();
        } else if (h.value() > secondHits) {
            secondHits = h.value();
        }
    }
    if (bestHits < 3 || bestHits * 2 < secondHits * 3)
        return {};
    return best;
}

QString languageName(const QString& code)
{
    for (const LanguageWords& language : languages()) {
        if (code == QLatin1String(language.code))
            return QCoreApplication::translate("cx::drafting::Language", language.name);
    }
    return code;
}

bool languagesDiffer(const QString& customerLanguage, const QString& draftLanguage)
{
    return !customerLanguage.isEmpty() && !draftLanguage.isEmpty() && customerLanguage != draftLanguage;
}

} // namespace cx::drafting
