"""The sign-in dialog: server URL, username, password; errors said plainly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop.account.session import Session
from desktop.api import errors
from desktop.i18n.plural import plural
from desktop.runtime.tasks import BackgroundTasks
from desktop.views import theme
from desktop.views.a11y import describe, describe_buttons
from desktop.views.wording import render

if TYPE_CHECKING:
    from desktop.api.client import ApiClient  # requests: never on the start path


class SignInDialog(QDialog):
    """Signs in on a worker thread; `signedIn` once the token is stored."""

    signedIn = Signal()

    def __init__(self, session: Session, server: str = "", parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Sign in to Message Center"))
        self.setAccessibleName(self.tr("Sign in"))
        self.server = QLineEdit(server or (session.account.server if session.account else ""))
        self.server.setPlaceholderText("https://msgcenter.example.com")
        self.server.setAccessibleName(self.tr("Server address"))
        self.username = QLineEdit(session.account.username if session.account else "")
        self.username.setAccessibleName(self.tr("Username"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        heading = QLabel(self.tr("Sign in to your message center"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        explanation = QLabel(
            self.tr("Your password is not stored: a sign-in token is kept in the system keyring.")
        )
        explanation.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(theme.problem_style())
        self.problem.setAccessibleName(self.tr("Sign-in problem"))
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        describe_buttons(self.buttons)
        describe(self.server, self.tr("The address of your message center, https://…"))
        describe(self.username, self.tr("The account's user name"))
        describe(self.password, self.tr("Used once to sign in; never stored"))
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._tasks = BackgroundTasks("sign-in", self)

    def _submit(self) -> None:
        server, username = self.server.text().strip(), self.username.text().strip()
        if not server or not username or not self.password.text():
            self._say(self.tr("Enter the server address, your username and your password."))
            return
        self.buttons.setEnabled(False)
        self._say(self.tr("Signing in…"), error=False)
        self._tasks.submit(
            self.session.sign_in,
            server,
            username,
            self.password.text(),
            on_done=self._signed_in,
            on_error=self._failed,
        )

    def _failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        self._say(self._problem(error))

    def _problem(self, error: Exception) -> str:
        """What went wrong, for a person."""
        if isinstance(error, errors.Unauthorized):
            return self.tr("Wrong username or password.")
        if isinstance(error, errors.RateLimited):
            seconds = int(error.retry_after)
            return plural(
                self.tr("Too many attempts. Try again in %n second(s).", "", seconds), seconds
            )
        if isinstance(error, errors.Offline):
            return self.tr("Cannot reach the server. Check the address and your connection.")
        if isinstance(error, errors.ApiError):
            return self.tr("The server refused: {reason}").format(reason=error.message)
        return self.tr("Sign-in failed: {reason}").format(reason=render(str(error)))

    def _signed_in(self, client: ApiClient) -> None:
        self.buttons.setEnabled(True)
        client.close()
        self.password.clear()
        self.signedIn.emit()
        self.accept()

    def _say(self, text: str, error: bool = True) -> None:
        self.problem.setStyleSheet(theme.problem_style() if error else "")
        self.problem.setText(text)
        self.problem.show()
