#pragma once

#include <QDialog>

class QJsonObject;
class QPlainTextEdit;

namespace cvc::ui {

// A CVC as `kubectl get -o yaml` prints it, read-only, with a copy button.
class YamlDialog : public QDialog
{
    Q_OBJECT
public:
    explicit YamlDialog(QWidget *parent = nullptr);
    void setObject(const QJsonObject &object);
    QString text() const;

private:
    QPlainTextEdit *m_text;
};

} // namespace cvc::ui
