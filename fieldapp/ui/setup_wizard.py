"""First start on a new laptop: choose the jurisdiction and township and register the first officer,
or enrol with the county server and then register the first officer (the county's roster arrives with
the first sync, but an officer pulled from the county has no password on this laptop, so somebody must
be able to sign in here first)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldapp.jurisdiction import available_jurisdictions, load_jurisdiction
from fieldapp.messages import Msg, get_lang
from fieldapp.ui.errors import message_of
from fieldapp.ui.tasks import Job, Op
from fieldapp.workspace import Workspace

OFFLINE, ENROL = 1, 2
OFFICER_PAGE, ENROL_PAGE = 3, ENROL + 2
FIRST_ROLES = ["officer", "team_lead", "admin"]
translate = QCoreApplication.translate  # the strings keep the context they are translated under


def say(zh: str, en: str) -> str:
    """A sentence added after the translation file was last updated: both languages in the code (as Msg)."""
    return Msg(zh, en, "ui.setup").text(get_lang())


class OfficerForm(QWidget):
    """Name, certificate, validity, unit and password of the first officer (the wizard and the sign-in page)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        of = QFormLayout(self)
        of.setContentsMargins(0, 0, 0, 0)
        self.name, self.cert, self.unit = QLineEdit(), QLineEdit(), QLineEdit()
        self.name.setObjectName("setupName")
        self.cert.setObjectName("setupCert")
        self.valid = QDateEdit(QDate.fromString((date.today() + timedelta(days=365)).isoformat(), "yyyy-MM-dd"))
        self.valid.setCalendarPopup(True)
        self.valid.setDisplayFormat("yyyy-MM-dd")
        self.password, self.password2 = QLineEdit(), QLineEdit()
        self.password.setObjectName("setupPassword")
        self.password2.setObjectName("setupPassword2")
        for p in (self.password, self.password2):
            p.setEchoMode(QLineEdit.EchoMode.Password)
        of.addRow(translate("SetupWizard", "Name"), self.name)
        of.addRow(translate("SetupWizard", "Certificate number"), self.cert)
        of.addRow(translate("SetupWizard", "Certificate valid until"), self.valid)
        of.addRow(translate("SetupWizard", "Unit"), self.unit)
        of.addRow(translate("SetupWizard", "Password"), self.password)
        of.addRow(translate("SetupWizard", "Password again"), self.password2)
        self.error = QLabel()
        self.error.setObjectName("setupError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        of.addRow(self.error)

    def mismatch(self) -> bool:
        if self.password.text() != self.password2.text():
            self.error.setText(translate("SetupWizard", "The two passwords are not the same."))
            return True
        return False

    def values(self) -> dict[str, Any]:
        valid = self.valid.date().toPython()
        assert isinstance(valid, date)
        return {"name": self.name.text(), "cert_no": self.cert.text(), "unit": self.unit.text(),
                "password": self.password.text(), "cert_valid_until": valid}


def add_first_officer(ws: Workspace, values: dict[str, Any]) -> None:
    """The first officer of an existing store (after enrolment, or from the sign-in page)."""
    from fieldapp.store.officers import add_officer

    town = ws.township or ""
    add_officer(ws.store, **{**values, "unit": values["unit"] or f"{town}综合执法队"}, township=ws.township,
                roles=FIRST_ROLES)


class _EnrolPage(QWizardPage):
    """Next is offered only once the county has certified the laptop."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard

    def isComplete(self) -> bool:
        return self._wizard.enrolled is not None


class SetupWizard(QWizard):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Set up this laptop"))
        self._done = False
        self.enrolled: dict[str, Any] | None = None  # what the county answered
        self._enrol_op: Op[Any] | None = None

        intro = QWizardPage()
        intro.setTitle(self.tr("Welcome"))
        il = QVBoxLayout(intro)
        il.addWidget(QLabel(self.tr("This laptop has no enforcement records yet. How should it be set up?")))
        self.offline = QRadioButton(self.tr("For one township, without the county server for now"))
        self.offline.setObjectName("setupOffline")
        self.online = QRadioButton(self.tr("Enrol with the county server (a one-time code from the county office)"))
        self.online.setObjectName("setupEnrol")
        self.offline.setChecked(True)
        il.addWidget(self.offline)
        il.addWidget(self.online)
        self.setPage(0, intro)

        place = QWizardPage()
        place.setTitle(self.tr("Jurisdiction and township"))
        pf = QFormLayout(place)
        self.jurisdiction = QComboBox()
        self.jurisdiction.setObjectName("setupJurisdiction")
        for key in available_jurisdictions():
            self.jurisdiction.addItem(load_jurisdiction(key).full_name, key)
        self.township = QComboBox()
        self.township.setObjectName("setupTownship")
        self.jurisdiction.currentIndexChanged.connect(self._townships)
        pf.addRow(self.tr("County"), self.jurisdiction)
        pf.addRow(self.tr("Township"), self.township)
        self._townships()
        self.setPage(OFFLINE, place)

        officer = QWizardPage()
        officer.setTitle(self.tr("The first officer"))
        officer.setSubTitle(self.tr("Officers sign in with their certificate number and password; "
                                    "add the others after signing in, or by syncing."))
        ol = QVBoxLayout(officer)
        self.enrolled_note = QLabel()
        self.enrolled_note.setObjectName("setupEnrolledNote")
        self.enrolled_note.setWordWrap(True)
        self.enrolled_note.hide()
        ol.addWidget(self.enrolled_note)
        self.officer_form = OfficerForm()
        ol.addWidget(self.officer_form)
        f = self.officer_form
        self.name, self.cert, self.unit, self.valid = f.name, f.cert, f.unit, f.valid
        self.password, self.password2, self.error = f.password, f.password2, f.error
        officer.setFinalPage(True)
        self.setPage(OFFICER_PAGE, officer)

        enrol = _EnrolPage(self)
        enrol.setTitle(self.tr("Enrol with the county"))
        enrol.setSubTitle(say("登记完成后，再登记本机第一位执法人员（县局名册在首次同步时下载）。",
                              "After enrolling, register this laptop's first officer (the county roster "
                              "arrives with the first sync)."))
        ef = QFormLayout(enrol)
        self.server, self.code = QLineEdit(), QLineEdit()
        self.server.setObjectName("setupServer")
        self.code.setObjectName("setupCode")
        self.server.setPlaceholderText("https://…")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        ef.addRow(self.tr("Server address"), self.server)
        ef.addRow(self.tr("One-time code"), self.code)
        row = QHBoxLayout()
        self.enrol_button = QPushButton(say("登记", "Enrol"))
        self.enrol_button.setObjectName("setupEnrolNow")
        self.enrol_button.clicked.connect(self.enrol)
        self.enrol_cancel = QPushButton(say("取消等待", "Stop waiting"))
        self.enrol_cancel.setObjectName("setupEnrolCancel")
        self.enrol_cancel.clicked.connect(self.cancel_enrol)
        self.enrol_cancel.hide()
        row.addWidget(self.enrol_button)
        row.addWidget(self.enrol_cancel)
        row.addStretch(1)
        ef.addRow(row)
        self.enrol_error = QLabel()
        self.enrol_error.setObjectName("setupEnrolError")
        self.enrol_error.setWordWrap(True)
        self.enrol_error.setStyleSheet("color: #b00020;")
        ef.addRow(self.enrol_error)
        self.enrol_page = enrol
        self.setPage(ENROL_PAGE, enrol)

    def nextId(self) -> int:
        current = self.currentId()
        if current == 0:
            return OFFLINE if self.offline.isChecked() else ENROL_PAGE
        if current in (OFFLINE, ENROL_PAGE):
            return OFFICER_PAGE
        return -1

    def _townships(self) -> None:
        self.township.clear()
        key = self.jurisdiction.currentData()
        if key:
            jur = load_jurisdiction(key)
            self.township.addItems(list(jur.townships))
            default = {"shaxian": "湖源乡", "nanan": "仑苍镇"}.get(key)
            if default:
                self.township.setCurrentText(default)

    # -- enrolment -------------------------------------------------------------------------------------
    def enrol(self) -> None:
        url, code, data_dir = self.server.text().strip(), self.code.text().strip(), self.data_dir
        if not url or not code:
            self.enrol_error.setText(say("请填写服务器地址和一次性登记码。", "Type the server address and the one-time code."))
            return

        def work(job: Job) -> dict[str, Any]:
            from fieldapp.sync.device import enroll

            # The transport checks `cancel` between retries, so "Stop waiting" ends the attempt.
            return enroll(data_dir, url, code, cancel=job.cancelled, retries=2)

        self.enrol_error.setStyleSheet("")
        self.enrol_error.setText(say("正在向县局登记…", "Enrolling with the county…"))
        self.enrol_button.setEnabled(False)
        self.enrol_cancel.show()
        op: Op[Any] = Op(work, kind="work")
        self._enrol_op = op
        op.success(lambda r: self._enrol_ended(op, r, None)).failure(
            lambda exc: self._enrol_ended(op, None, exc)).run(self)

    def cancel_enrol(self) -> None:
        """Give up waiting for the server (a wrong address or no network): the form is free again."""
        op, self._enrol_op = self._enrol_op, None
        if op is not None:
            op.cancel()
        self.enrol_button.setEnabled(True)
        self.enrol_cancel.hide()
        self.enrol_error.setStyleSheet("color: #b00020;")
        self.enrol_error.setText(say("已停止等待。请检查地址和网络后重试。",
                                     "Stopped waiting. Check the address and the network, then try again."))

    def _enrol_ended(self, op: Op[Any], result: dict[str, Any] | None, exc: BaseException | None) -> None:
        if op is not self._enrol_op:
            if result is not None:  # it got through after all, after "Stop waiting": keep it
                self._enrolled(result)
            return
        self._enrol_op = None
        self.enrol_button.setEnabled(True)
        self.enrol_cancel.hide()
        if exc is not None:
            self.enrol_error.setStyleSheet("color: #b00020;")
            self.enrol_error.setText(message_of(exc))
            return
        assert result is not None
        self._enrolled(result)

    def _enrolled(self, result: dict[str, Any]) -> None:
        self.enrolled = result
        self.enrol_button.setEnabled(False)
        self.enrol_cancel.hide()
        self.enrol_error.setStyleSheet("color: #1b5e20;")
        text = say(f"已登记：{result.get('township') or ''}。下一步登记本机第一位执法人员。",
                   f"Enrolled: {result.get('township') or ''}. Next, register this laptop's first officer.")
        self.enrol_error.setText(text)
        self.enrolled_note.setText(text)
        self.enrolled_note.show()
        self.enrol_page.completeChanged.emit()

    # -- finishing ---------------------------------------------------------------------------------------
    def accept(self) -> None:
        if self._done:
            super().accept()
            return
        if self.currentId() != OFFICER_PAGE or self.officer_form.mismatch():
            return
        data_dir, values = self.data_dir, self.officer_form.values()
        if self.enrolled is not None:
            def work(job: Job) -> None:
                from fieldapp.workspace import Workspace

                with Workspace.open(data_dir) as ws:  # the store exists: enrolment made it
                    add_first_officer(ws, values)
        else:
            key, town = str(self.jurisdiction.currentData()), self.township.currentText()

            def work(job: Job) -> None:
                from fieldapp.keys import DeviceKeys
                from fieldapp.store.officers import add_officer
                from fieldapp.workspace import Workspace

                with Workspace.init(data_dir, key, town) as ws:
                    add_officer(ws.store, **{**values, "unit": values["unit"] or f"{town}综合执法队"},
                                township=town, roles=FIRST_ROLES)
                    # Until the county enrols it, the laptop signs its notices with a local trial key
                    # (enrolling later replaces the certificate); see docs/desktop.md.
                    keys = DeviceKeys(data_dir)
                    if not keys.cert_path.exists():
                        keys.init_county()
                        keys.enroll_local(device_id=ws.store.device_id, township=town, jurisdiction=key,
                                          issued_at=ws.store.clock())
        self.error.setText(self.tr("Working…"))
        Op(work, kind="work").success(self._finished).failure(
            lambda exc: self.error.setText(message_of(exc))).run(self)

    def _finished(self, _: object) -> None:
        self._done = True
        self.accept()


class FirstOfficerDialog(QDialog):
    """From the sign-in page of a laptop where nobody can sign in (set up by enrolment and left there)."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("firstOfficerDialog")
        self.setWindowTitle(translate("SetupWizard", "The first officer"))
        layout = QVBoxLayout(self)
        self.form = OfficerForm()
        layout.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.form.mismatch():
            return
        ws, values = self.ws, self.form.values()
        Op(lambda job: add_first_officer(ws, values)).success(lambda _: self.accept()).failure(
            lambda exc: self.form.error.setText(message_of(exc))).run(self)
