#include "yamldialog.h"

#include "json/yamlconverter.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace cvc::ui {

YamlDialog::YamlDialog(QWidget *parent)
    : QDialog(parent)
    , m_text(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("yamlDialog"));
    m_text->setObjectName(QStringLiteral("yamlText"));
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_text->toPlainText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(buttons);
    resize(620, 560);
}

void YamlDialog::setObject(const QJsonObject &object)
{
    const QString name = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
    setWindowTitle(tr("%1 (YAML)").arg(name));
    m_text->setPlainText(QString::fromUtf8(YamlConverter::toYaml(QJsonValue(object))));
}

QString YamlDialog::text() const
{
    return m_text->toPlainText();
}

} // namespace cvc::ui
