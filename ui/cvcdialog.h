#pragma once

#include "cvc/cvcspec.h"
#include "dashboard/kubectlcommand.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include <QPointer>

class QComboBox;
class QDialogButtonBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;

namespace cvc {
class ObjectCache;
class PriceFeed;
struct KubeError;
struct KubeResponse;
}

namespace cvc::ui {

class HoldingsModel;

class CvcWriter;

// Create or edit one CVC. Input is checked as the server would check it before anything is
// sent; the server's own 422 causes land next to the field they name. An edit changes spec only
// and carries the resourceVersion it is based on: when someone else changed the spec meanwhile
// (seen in the cache or as a 409), the dialog shows what changed and the user decides: take the
// server's values, overwrite them, or cancel. Changes that touch only status or annotations
// (the operator's valuations) move the base silently, since they cannot be lost.
class CvcDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { Create, Edit };

    explicit CvcDialog(CvcWriter *writer, QWidget *parent = nullptr);

    void setCoins(const QStringList &coins);
    void setNamespaces(const QStringList &namespaces);
    // The reconcile loop's feed: its USD quotes price the live preview, as they price the values
    // the loop writes. Without a quote (no loop, or a window that does not write and so fetches
    // no price) the preview uses the price the cluster's status shows in `holdings`.
    void setFeed(cvc::PriceFeed *feed);
    void setHoldings(const HoldingsModel *holdings);
    void setKubectlTarget(const KubectlCommand::Target &target);
    // Follow the edited object in this cache (changes and deletion while the dialog is open).
    void setCache(cvc::ObjectCache *cache);

    void startCreate(const QString &namespaceName);
    void startEdit(const QJsonObject &object);

    Mode mode() const { return m_mode; }
    QString baseResourceVersion() const;
    bool isConflictShown() const;
    // The kubectl command line that would make the same change.
    QString kubectlCommand() const;

Q_SIGNALS:
    void saved(const QJsonObject &object);

private:
    bool validate();
    void updatePreview();
    void save();
    void onSaved(const cvc::KubeResponse &response);
    void onConflict();
    void showServerError(const cvc::KubeError &error);
    void clearErrors();
    void showConflict(const QJsonObject &theirs);
    void useTheirs();
    void overwrite();
    void onCacheModified(const QString &key, const QJsonObject &object);
    void onCacheDeleted(const QString &key);
    void setBusy(bool busy);
    void fitHeight();
    QString key() const;
    cvc::CvcSpec spec() const;
    QString costBasisProblem() const;   // empty when the field is empty or a number >= 0

    CvcWriter *m_writer;
    QPointer<cvc::ObjectCache> m_cache;
    Mode m_mode = Mode::Create;
    QJsonObject m_base;       // the object the edit is based on
    QJsonObject m_theirs;     // the newer object a conflict is about
    QPointer<cvc::PriceFeed> m_feed;
    QPointer<const HoldingsModel> m_holdings;
    KubectlCommand::Target m_target;
    bool m_retriedAfterConflict = false;

    QLineEdit *m_nameEdit;
    QLabel *m_nameError;
    QComboBox *m_namespaceCombo;
    QLabel *m_namespaceError;
    QComboBox *m_coinCombo;
    QLabel *m_coinError;
    QLineEdit *m_amountEdit;
    QLabel *m_amountError;
    QLineEdit *m_costBasisEdit;
    QLabel *m_costBasisError;
    QLabel *m_preview;
    QLabel *m_serverError;
    QFrame *m_conflictPanel;
    QLabel *m_conflictText;
    QPushButton *m_useTheirsButton;
    QPushButton *m_overwriteButton;
    QPushButton *m_conflictCancelButton;
    QPushButton *m_copyButton;
    QDialogButtonBox *m_buttons;
};

} // namespace cvc::ui
