// eval_sentiment FILE.json...: the offline sentiment estimate (triage::analyzeSentiment) on labelled sentences,
// [{"text": ..., "class": 0|1}, ...] (0 negative, 1 positive) — the UCI "Sentiment Labelled Sentences" sets
// (Kotzias et al., KDD 2015) as the npm package `sentiment` ships them (tests/bench/triage/sentiment-eval.sh
// fetches them). Prints, per file: accuracy with VADER's sign rule (compound >= 0 is positive, the rule the
// anchor uses too) and with its neutral band (>= 0.05), F1 of the negative class, and microseconds per
// sentence (median of 5 passes).
#include "triage/SentimentAnalyzer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace cx::triage;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList files = app.arguments().mid(1);
    if (files.isEmpty()) {
        std::fprintf(stderr, "usage: eval_sentiment FILE.json...\n");
        return 2;
    }
    std::printf("%-12s %6s %10s %12s %8s %10s\n", "set", "n", "acc(>=0)", "acc(>=0.05)", "F1(neg)", "us/sent");
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "eval_sentiment: cannot read %s\n", qPrintable(path));
            return 2;
        }
        const QJsonArray rows = QJsonDocument::fromJson(file.readAll()).array();
        if (rows.isEmpty()) {
            std::fprintf(stderr, "eval_sentiment: %s holds no labelled sentences\n", qPrintable(path));
            return 2;
        }
        SentimentLexicon::builtIn(); // loaded before timing
        int signHits = 0, bandHits = 0, tp = 0, fp = 0, fn = 0;
        std::vector<double> passes;
        for (int pass = 0; pass < 5; ++pass) {
            QElapsedTimer t;
            t.start();
            for (const QJsonValue& v : rows) {
                const QJsonObject o = v.toObject();
                const double c = analyzeSentiment(o.value(QStringLiteral("text")).toString()).compound;
                if (pass > 0)
                    continue;
                const bool positive = o.value(QStringLiteral("class")).toInt() == 1;
                signHits += ((c >= 0) == positive) ? 1 : 0;
                bandHits += ((c >= 0.05) == positive) ? 1 : 0;
                const bool saysNegative = c < 0;
                tp += (saysNegative && !positive) ? 1 : 0;
                fp += (saysNegative && positive) ? 1 : 0;
                fn += (!saysNegative && !positive) ? 1 : 0;
            }
            passes.push_back(double(t.nsecsElapsed()) / 1000.0 / double(rows.size()));
        }
        std::sort(passes.begin(), passes.end());
        const double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        std::printf("%-12s %6lld %10.3f %12.3f %8.3f %10.2f\n", qPrintable(QFileInfo(path).baseName()),
            static_cast<long long>(rows.size()), double(signHits) / double(rows.size()),
            double(bandHits) / double(rows.size()), f1, passes[passes.size() / 2]);
    }
    return 0;
}
