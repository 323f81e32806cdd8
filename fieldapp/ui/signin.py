"""Sign-in and lock screen: pick the officer, type the password; checked offline, off the GUI thread."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp import queries
from fieldapp.messages import Msg, get_lang
from fieldapp.store import officers as officer_store
from fieldapp.ui.tasks import Op
from fieldapp.workspace import Workspace


class SignInPage(QWidget):
    signed_in = Signal(object)  # the officer dict

    def __init__(self, ws: Workspace, reader: queries.Reader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.reader = reader
        self.setObjectName("signInPage")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("signInCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(520)
        box = QVBoxLayout(card)
        self.title = QLabel()
        self.title.setObjectName("signInTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        box.addWidget(self.title)
        self.place = QLabel(f"{ws.jurisdiction.full_name} {ws.township or ''}")
        self.place.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.place)
        self.locked_note = QLabel()
        self.locked_note.setWordWrap(True)
        self.locked_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.locked_note)
        form = QFormLayout()
        self.officer = QComboBox()
        self.officer.setObjectName("officerCombo")
        self.password = QLineEdit()
        self.password.setObjectName("passwordEdit")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.submit)
        form.addRow(self.tr("Officer"), self.officer)
        form.addRow(self.tr("Password"), self.password)
        box.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        box.addWidget(self.error)
        self.button = QPushButton(self.tr("Sign in"))
        self.button.setObjectName("signInButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        box.addWidget(self.button)
        self.nobody = QLabel()
        self.nobody.setObjectName("signInNobody")
        self.nobody.setWordWrap(True)
        self.nobody.setStyleSheet("color: #b26a00;")
        box.addWidget(self.nobody)
        self.first_officer = QPushButton()
        self.first_officer.setObjectName("signInFirstOfficer")
        self.first_officer.clicked.connect(self.register_first)
        box.addWidget(self.first_officer)
        hint = QLabel(self.tr("The laptop is shared: sign in as yourself. It locks itself when nobody uses it; "
                              "unsaved work stays as a draft."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        box.addWidget(hint)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.reload()
        self.show_locked(None)

    def reload(self) -> None:
        current = self.officer.currentData()
        self.officer.clear()
        today = date.today().isoformat()
        for row in queries.officers(self.reader):
            label = f"{row['name']}（{row['cert_no']}）"
            if row["cert_valid_until"] and row["cert_valid_until"] < today:
                label += self.tr(" — certificate expired")
            self.officer.addItem(label, row["cert_no"])
        if current:
            self.select(current)
        self._nobody(queries.signable_officers(self.reader) == 0)

    def _nobody(self, nobody: bool) -> None:
        """A laptop nobody can sign in to (enrolled, then the wizard left; or only officers pulled from the
        county, who sign in on their own laptops) says what to do instead of offering an empty list."""
        lang = get_lang()
        self.nobody.setText(Msg(
            "本机还没有可以登录的执法人员。请在此登记第一位执法人员（本机管理员），其他人员登录后添加，"
            "或由县局名册同步后由管理员设置。",
            "No officer can sign in on this laptop yet. Register the first officer (this laptop's administrator) "
            "here; add the others after signing in, or after the county roster is synced.", "signin.nobody").text(lang))
        self.first_officer.setText(Msg("登记第一位执法人员…", "Register the first officer…", "signin.first").text(lang))
        for w in (self.nobody, self.first_officer):
            w.setVisible(nobody)
        self.button.setEnabled(not nobody)

    def register_first(self) -> None:
        from fieldapp.ui.setup_wizard import FirstOfficerDialog

        dialog = FirstOfficerDialog(self.ws, self)
        dialog.accepted.connect(lambda: self._registered(dialog.form.cert.text().strip()))
        dialog.open()

    def _registered(self, cert_no: str) -> None:
        self.reload()
        self.select(cert_no)
        self.password.setFocus()

    def select(self, cert_no: str) -> None:
        index = self.officer.findData(cert_no)
        if index >= 0:
            self.officer.setCurrentIndex(index)

    def show_locked(self, officer: dict[str, Any] | None) -> None:
        """`officer`: who was signed in when the laptop locked (their drafts are kept)."""
        if officer is None:
            self.title.setText(self.tr("Sign in"))
            self.locked_note.setText("")
        else:
            self.title.setText(self.tr("Locked"))
            self.locked_note.setText(self.tr("{name} was signed in. Type the password to continue, or choose "
                                             "another officer: drafts are kept.").format(name=officer["name"]))
            self.select(str(officer["cert_no"]))
        self.password.clear()
        self.error.clear()
        self.password.setFocus()

    def submit(self) -> None:
        who = self.officer.currentData()
        password = self.password.text()
        if not who or not password:
            self.error.setText(self.tr("Choose your name and type your password."))
            return
        self.button.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        store = self.ws.store
        Op(lambda job: officer_store.authenticate(store, who, password), kind="work") \
            .success(self._checked).finally_(lambda: self.button.setEnabled(True)).run(self)

    def _checked(self, officer: dict[str, Any] | None) -> None:
        self.password.clear()
        if officer is None:
            self.error.setText(self.tr("The password is not right. Type it again (capital letters count)."))
            self.password.setFocus()
            return
        self.error.clear()
        self.signed_in.emit(officer)
