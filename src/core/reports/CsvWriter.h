#pragma once

#include <QStringList>

class QIODevice;

namespace cx::reports {

// RFC 4180 CSV: fields separated by commas, records ended by CRLF; a field containing a comma, a double
// quote, CR or LF is enclosed in double quotes with inner quotes doubled. Encoding UTF-8, with a byte-order
// mark by default so that spreadsheet programs detect UTF-8 (Excel otherwise assumes a legacy code page).
class CsvWriter final {
public:
    explicit CsvWriter(QIODevice* device, bool byteOrderMark = true);

    // Writes one record. Fields are written as given: use text() for free text from people.
    void writeRow(const QStringList& fields);
    bool ok() const { return m_ok; }

    static QString escape(const QString& field);
    // Free text (customer messages, replies, reasons): a leading = + - @ TAB or CR would make a spreadsheet
    // run it as a formula (CSV injection), so such text gets a leading apostrophe, which spreadsheets hide.
    static QString text(const QString& value);

private:
    QIODevice* m_device;
    bool m_ok = true;
};

} // namespace cx::reports
