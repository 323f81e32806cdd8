"""First start on a new laptop: choose the jurisdiction and township and register the first officer,
or enrol with the county server (which sends the roster on the first sync)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldapp.jurisdiction import available_jurisdictions, load_jurisdiction
from fieldapp.messages import FieldappError
from fieldapp.ui.tasks import Job, Op

OFFLINE, ENROL = 1, 2


class SetupWizard(QWizard):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Set up this laptop"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self._done = False

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
        of = QFormLayout(officer)
        self.name, self.cert, self.unit = QLineEdit(), QLineEdit(), QLineEdit()
        self.name.setObjectName("setupName")
        self.cert.setObjectName("setupCert")
        self.valid = QDateEdit(QDate.fromString((date.today() + timedelta(days=365)).isoformat(), "yyyy-MM-dd"))
        self.valid.setCalendarPopup(True)
        self.password, self.password2 = QLineEdit(), QLineEdit()
        self.password.setObjectName("setupPassword")
        self.password2.setObjectName("setupPassword2")
        for p in (self.password, self.password2):
            p.setEchoMode(QLineEdit.EchoMode.Password)
        of.addRow(self.tr("Name"), self.name)
        of.addRow(self.tr("Certificate number"), self.cert)
        of.addRow(self.tr("Certificate valid until"), self.valid)
        of.addRow(self.tr("Unit"), self.unit)
        of.addRow(self.tr("Password"), self.password)
        of.addRow(self.tr("Password again"), self.password2)
        of.addRow(self.error)
        officer.setFinalPage(True)
        self.setPage(3, officer)

        enrol = QWizardPage()
        enrol.setTitle(self.tr("Enrol with the county"))
        ef = QFormLayout(enrol)
        self.server, self.code = QLineEdit(), QLineEdit()
        self.server.setPlaceholderText("https://…")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        ef.addRow(self.tr("Server address"), self.server)
        ef.addRow(self.tr("One-time code"), self.code)
        enrol.setFinalPage(True)
        self.enrol_error = QLabel()
        self.enrol_error.setWordWrap(True)
        self.enrol_error.setStyleSheet("color: #b00020;")
        ef.addRow(self.enrol_error)
        self.setPage(ENROL + 2, enrol)

    def nextId(self) -> int:
        current = self.currentId()
        if current == 0:
            return OFFLINE if self.offline.isChecked() else ENROL + 2
        if current == OFFLINE:
            return 3
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

    def accept(self) -> None:
        if self._done:
            super().accept()
            return
        if self.currentId() == 3 and self.password.text() != self.password2.text():
            self.error.setText(self.tr("The two passwords are not the same."))
            return
        data_dir = self.data_dir
        if self.currentId() == 3:
            key, town = str(self.jurisdiction.currentData()), self.township.currentText()
            name, cert, unit, pw = self.name.text(), self.cert.text(), self.unit.text(), self.password.text()
            valid = self.valid.date().toPython()
            assert isinstance(valid, date)

            def work(job: Job) -> None:
                from fieldapp.keys import DeviceKeys
                from fieldapp.store.officers import add_officer
                from fieldapp.workspace import Workspace

                with Workspace.init(data_dir, key, town) as ws:
                    add_officer(ws.store, name=name, cert_no=cert, unit=unit or f"{town}综合执法队", password=pw,
                                cert_valid_until=valid, township=town, roles=["officer", "team_lead", "admin"])
                    # Until the county enrols it, the laptop signs its notices with a local trial key
                    # (enrolling later replaces the certificate); see docs/desktop.md.
                    keys = DeviceKeys(data_dir)
                    if not keys.cert_path.exists():
                        keys.init_county()
                        keys.enroll_local(device_id=ws.store.device_id, township=town, jurisdiction=key,
                                          issued_at=ws.store.clock())
            label = self.error
        else:
            url, code = self.server.text().strip(), self.code.text().strip()

            def work(job: Job) -> None:
                from fieldapp.sync.device import enroll

                enroll(data_dir, url, code)
            label = self.enrol_error
        label.setText(self.tr("Working…"))
        Op(work, kind="work").success(self._finished).failure(
            lambda exc: label.setText(str(exc) if isinstance(exc, FieldappError) else repr(exc))).run(self)

    def _finished(self, _: object) -> None:
        self._done = True
        self.accept()
