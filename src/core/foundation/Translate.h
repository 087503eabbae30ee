#pragma once

#include <QCoreApplication>
#include <QString>

#include <initializer_list>

namespace cx {

// For the file-local `tr(const char*)` helpers of classes without Q_OBJECT: lupdate files each call under the
// scope it is written in (a class, a namespace), so one file's strings can land in more than one context. The
// helper names them all and takes the first translation found.
inline QString translateIn(std::initializer_list<const char*> contexts, const char* text)
{
    const QString source = QString::fromUtf8(text);
    for (const char* context : contexts) {
        QString translated = QCoreApplication::translate(context, text);
        if (translated != source)
            return translated;
    }
    return source;
}

} // namespace cx
