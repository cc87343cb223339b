"""A table model for lists that can grow: the database sorts and filters and gives keys only; a row is
read the first time the view asks for it, with the page of keys around it, and kept.

As in Anki's card browser (qt/aqt/browser/table/model.py): a reload is one key query, and marks the rows
already read as stale rather than reading them again; the view asks again for the rows it paints, and only
their pages are read. 50,000 rows cost one key query and a page or two.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Row = TypeVar("Row")
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # asked for every cell painted: built once
Index = QModelIndex | QPersistentModelIndex


class KeyedTableModel(QAbstractTableModel, Generic[Row]):
    """Subclasses give the headers, ``query_keys`` (the filtered, sorted keys), ``fetch_rows`` (rows by key)
    and ``cell`` (what a row shows in a column for a role)."""

    # the roles ``cell`` answers; Qt asks for a dozen per cell it paints, the others are refused at once
    ROLES: frozenset[int] = frozenset({int(Qt.ItemDataRole.DisplayRole)})
    PAGE = 100  # rows read at once, in one query: a screenful or three (the counts of a page are most of its cost)
    CACHE_LIMIT = 5_000  # rows kept; past it, what is stale goes first, then everything but the new page

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._keys: list[int] = []
        self._cache: dict[int, tuple[int, Row | None]] = {}  # key -> (generation read in, row or None if gone)
        self._generation = 0
        self.loaded = False
        # what was read, for tests and benchmarks: rows read from the database, and the queries that read them
        self.rows_fetched = 0
        self.pages_fetched = 0

    # --- for subclasses --------------------------------------------------------------------------

    def query_keys(self) -> list[int]:
        raise NotImplementedError

    def query_keys_and_rows(self, count: int) -> tuple[list[int], dict[int, Row] | None]:
        """The keys, and the rows of the first ``count`` of them if the subclass reads both at once (one
        snapshot, one round trip: the view paints the top of the list after every reload)."""
        return self.query_keys(), None

    def fetch_rows(self, keys: Sequence[int]) -> dict[int, Row]:
        raise NotImplementedError

    def cell(self, row: Row, column: int, role: int) -> Any:
        raise NotImplementedError

    # --- keys and rows ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Run the key query again; the rows read so far go stale (read again when next shown)."""
        self.beginResetModel()
        try:
            self._keys, first = self.query_keys_and_rows(self.PAGE)
            self._generation += 1
            self.loaded = True
            if first is not None:
                self._store(self._keys[:self.PAGE], first)
        finally:
            self.endResetModel()

    def clear(self) -> None:
        """No rows, nothing read (a list the user may not see)."""
        self.beginResetModel()
        self._keys = []
        self._generation += 1
        self.endResetModel()

    @property
    def keys(self) -> Sequence[int]:
        return self._keys

    def key_at(self, row: int) -> int | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of_key(self, key: int) -> int:
        """The row showing this key, or -1."""
        try:
            return self._keys.index(key)
        except ValueError:
            return -1

    def row_at(self, row: int) -> Row | None:
        """The row's data, read with its page if not read since the last reload; None if it is gone."""
        key = self._keys[row]
        cached = self._cache.get(key)
        if cached is None or cached[0] != self._generation:
            self._fetch_page(row)
            cached = self._cache[key]
        return cached[1]

    def cached_row(self, row: int) -> Row | None:
        """The row's data if already read (stale or not), without reading anything."""
        key = self.key_at(row)
        cached = self._cache.get(key) if key is not None else None
        return cached[1] if cached is not None else None

    def _fetch_page(self, row: int) -> None:
        start = row - row % self.PAGE
        wanted = [k for k in self._keys[start:start + self.PAGE]
                  if (c := self._cache.get(k)) is None or c[0] != self._generation]
        try:
            found = self.fetch_rows(wanted)
        except Exception:
            # the page shows empty until the next reload, rather than failing again (and saying so) on every paint
            for key in wanted:
                self._cache[key] = (self._generation, None)
            raise
        self._store(wanted, found)

    def _store(self, wanted: Sequence[int], found: dict[int, Row]) -> None:
        if len(self._cache) + len(wanted) > self.CACHE_LIMIT:
            self._cache = {k: v for k, v in self._cache.items() if v[0] == self._generation}
            if len(self._cache) + len(wanted) > self.CACHE_LIMIT:
                self._cache = {}
        for key in wanted:
            self._cache[key] = (self._generation, found.get(key))
        self.rows_fetched += len(wanted)
        self.pages_fetched += 1

    def rows(self) -> RowSequence[Row]:
        """The rows as a sequence (each read when first asked for): ``len`` costs nothing."""
        return RowSequence(self)

    # --- Qt --------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self.ROLES:
            return None
        number = index.row()  # -1 for an invalid index
        if not 0 <= number < len(self._keys):
            return None
        row = self.row_at(number)
        if row is None:  # gone since the key query: an empty row until the next reload
            return None
        return self.cell(row, index.column(), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _SELECTABLE if index.isValid() else Qt.ItemFlag.NoItemFlags


class RowSequence(Sequence[Row]):
    def __init__(self, model: KeyedTableModel[Row]) -> None:
        self._model = model

    def __len__(self) -> int:
        return self._model.rowCount()

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | Sequence[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        row = self._model.row_at(index)
        if row is None:
            raise LookupError(f"row {index} is gone since the list was read")
        return row

    def __iter__(self) -> Iterator[Row]:
        for n in range(len(self)):
            yield self[n]
