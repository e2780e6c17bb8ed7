"""Layout of the desk window (desk-ux.md): folders | contact sheet / preview | tabs, problems below.

Widgets only; behaviour lives in widgets/desk.py. Every dock and splitter can be moved, and the
desk saves where the editor put them.
"""

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QTabWidget,
    QToolBar,
)

from editor_app.ops.files import PHOTO_SUFFIXES
from editor_app.ui.models.sheet_view import FILTERS, SORTS
from editor_app.ui.views.caption_editor_view import CaptionEditorView
from editor_app.ui.views.template_panel_view import TemplatePanelView
from editor_app.ui.widgets.folders_dock import FoldersPanel
from editor_app.ui.widgets.history_panel import HistoryPanel
from editor_app.ui.widgets.info_panel import InfoPanel
from editor_app.ui.widgets.preview import PreviewPane
from editor_app.ui.widgets.problems_dock import ProblemsPanel

MIN_THUMB, MAX_THUMB = 96, 320


class MainWindowView(QMainWindow):
    """Signals: closing(QCloseEvent) before the window closes (the desk may ignore it);
    folder_dropped(Path) when a folder is dragged onto the window."""

    closing = Signal(QCloseEvent)
    folder_dropped = Signal(Path)

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Caption Desk")
        self.setAcceptDrops(True)
        self.resize(1600, 1000)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self._build_actions()
        self._build_toolbar()
        self._build_centre()
        self._build_docks()
        self._build_status_bar()
        self._build_menus()

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        self.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action("&Open folder…", "Ctrl+O")
        self.recent_action = self._action("Open &recent", "Ctrl+Shift+O")
        self.quit_action = self._action("&Quit", "Ctrl+Q")
        self.check_action = self._action("Re-&check folder", "F5")
        self.search_action = self._action("&Search", "Ctrl+F")
        self.bigger_action = self._action("&Bigger thumbnails", "Ctrl+=")
        # Ctrl++ too: "+" is Shift+= on most keyboards, and the keypad's has no Shift
        self.bigger_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.smaller_action = self._action("&Smaller thumbnails", "Ctrl+-")
        self.preview_action = self._action("&Preview")
        self.actual_size_action = self._action("Preview at &100 %")
        self.filter_actions = {
            key: self._action(label, f"Ctrl+{number}")
            for number, (key, label) in enumerate(FILTERS.items(), 1)
        }
        self.shortcuts_action = self._action("&Keyboard shortcuts", "F1")
        self.caption_action = self._action("Edit the &caption", "Ctrl+I")
        self.save_action = self._action("&Save", "Ctrl+S")
        self.save_next_action = self._action("Save and &next", "Ctrl+Return")
        self.save_next_action.setShortcuts(
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")]
        )
        self.undo_action = self._action("&Undo", "Ctrl+Z")
        self.redo_action = self._action("&Redo", "Ctrl+Shift+Z")
        self.write_action = self._action("&Write to files", "Ctrl+Shift+W")
        self.template_action = self._action("Apply the &template to the selection")
        self.watch_action = self._action("&Watch the folder for new photos")
        self.watch_action.setCheckable(True)
        self.watch_action.setChecked(True)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.open_button = QPushButton("Recent ▾")
        self.recent_menu = QMenu(self)
        self.open_button.setMenu(self.recent_menu)
        bar.addAction(self.open_action)
        bar.addWidget(self.open_button)
        bar.addAction(self.check_action)
        bar.addAction(self.write_action)
        bar.addSeparator()
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            "Search caption, headline, credit, by-line, file name (Ctrl+F)"
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        bar.addWidget(self.search)
        bar.addWidget(QLabel("  Filter "))
        self.filter_box = QComboBox()
        for key, label in FILTERS.items():
            self.filter_box.addItem(label, key)
        bar.addWidget(self.filter_box)
        bar.addWidget(QLabel("  Sort "))
        self.sort_box = QComboBox()
        for key, label in SORTS.items():
            self.sort_box.addItem(label, key)
        bar.addWidget(self.sort_box)
        bar.addWidget(QLabel("  Size "))
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(MIN_THUMB, MAX_THUMB)
        self.size_slider.setSingleStep(16)
        self.size_slider.setPageStep(32)
        self.size_slider.setMaximumWidth(160)
        bar.addWidget(self.size_slider)

    def _build_centre(self) -> None:
        self.sheet = QListView()
        self.sheet.setObjectName("contact-sheet")
        self.sheet.setViewMode(QListView.ViewMode.IconMode)
        self.sheet.setResizeMode(QListView.ResizeMode.Adjust)
        self.sheet.setMovement(QListView.Movement.Static)
        self.sheet.setUniformItemSizes(True)
        self.sheet.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.sheet.setEditTriggers(QListView.EditTrigger.NoEditTriggers)  # tiles are not text
        self.sheet.setSpacing(4)
        self.sheet.setLayoutMode(QListView.LayoutMode.Batched)
        self.sheet.setBatchSize(400)
        self.sheet.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.preview = PreviewPane()
        self.centre = QStackedWidget()
        self.centre.addWidget(self.sheet)
        self.centre.addWidget(self.preview)
        self.setCentralWidget(self.centre)

    def _dock(self, title: str, name: str, widget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.folders = FoldersPanel()
        self.folders_dock = self._dock(
            "Folders", "folders", self.folders, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.caption_editor = CaptionEditorView()
        self.info = InfoPanel()
        self.history = HistoryPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.caption_editor, "Caption")
        self.tabs.addTab(self.info, "Info")
        self.tabs.addTab(self.history, "History")
        self.template_panel = TemplatePanelView()
        self.tabs.addTab(self.template_panel, "Template")
        self.tabs_dock = self._dock(
            "Photo", "photo", self.tabs, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.problems = ProblemsPanel()
        self.problems_dock = self._dock(
            "Problems", "problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.resizeDocks([self.folders_dock, self.tabs_dock], [220, 460], Qt.Orientation.Horizontal)
        self.resizeDocks([self.problems_dock], [200], Qt.Orientation.Vertical)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel()
        # a long status (a note about a broken caption-desk.toml) must not widen the window
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()
        self.arrivals_label = QLabel()  # the wire watch: new photos, and those with problems
        self.arrivals_label.setObjectName("arrivals")
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.arrivals_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.recent_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("&Edit")
        for action in (
            self.caption_action,
            self.save_action,
            self.save_next_action,
            self.undo_action,
            self.redo_action,
            self.write_action,
            self.template_action,
        ):
            edit_menu.addAction(action)
        view_menu = menus.addMenu("&View")
        for action in self.filter_actions.values():
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.search_action)
        view_menu.addAction(self.bigger_action)
        view_menu.addAction(self.smaller_action)
        view_menu.addAction(self.preview_action)
        view_menu.addAction(self.actual_size_action)
        view_menu.addAction(self.check_action)
        view_menu.addAction(self.watch_action)
        view_menu.addSeparator()
        for dock in (self.folders_dock, self.tabs_dock, self.problems_dock):
            view_menu.addAction(dock.toggleViewAction())
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)

    def sizeHint(self) -> QSize:
        return QSize(1600, 1000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_folder(event.mimeData().urls()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        folder = _dropped_folder(event.mimeData().urls())
        if folder is not None:
            self.folder_dropped.emit(folder)
            event.acceptProposedAction()


def _dropped_folder(urls) -> Path | None:
    """The folder a drop opens: the first folder dropped, or the folder of the first photo
    (as ``caption-desk gui PHOTO`` opens it); None for other files."""
    for url in urls:
        path = Path(url.toLocalFile())
        if path.is_dir():
            return path
        if path.is_file() and path.suffix.lower() in PHOTO_SUFFIXES:
            return path.parent
    return None
