"""Which units use each area, stored as compressed columns: counts, overlaps and pairs on demand.

The compact form of a population: about as large as its memberships, it answers one pair's O
in microseconds and walks every co-occurring pair a block of areas at a time, so memory stays
bounded by the data present rather than by areas x areas.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from polymath.graph.atypicality import phi_correlation

if TYPE_CHECKING:
    from scipy import sparse


_DENSE_CELLS = 4_000_000
_DENSE_AREAS = 1_000
"""Up to this size the pairs come from one dense product (about 20 ms for ESCO's groups)."""


@dataclass(frozen=True, eq=False)
class Membership:
    """Which units use each area, as sorted unit indices per area (compressed columns).

    The column of area a is ``units[indptr[a]:indptr[a + 1]]``; the rows (areas of each unit)
    are derived once when first needed.
    """

    indptr: NDArray[np.int64]
    units: NDArray[np.int32]
    n_units: int

    @classmethod
    def from_sparse(cls, uses: sparse.sparray) -> Membership:
        """From a units x areas 0/1 sparse matrix."""
        from scipy import sparse

        csc = sparse.csc_array(uses)
        csc.sum_duplicates()
        csc.sort_indices()
        return cls(
            indptr=csc.indptr.astype(np.int64),
            units=csc.indices.astype(np.int32),
            n_units=int(csc.shape[0]),
        )

    @property
    def n_areas(self) -> int:
        return len(self.indptr) - 1

    def counts(self) -> NDArray[np.int64]:
        return np.diff(self.indptr)

    def column(self, area: int) -> NDArray[np.int32]:
        return self.units[self.indptr[area] : self.indptr[area + 1]]

    @cached_property
    def _rows(self) -> tuple[NDArray[np.int64], NDArray[np.int32]]:
        areas = np.repeat(np.arange(self.n_areas, dtype=np.int32), np.diff(self.indptr))
        order = np.argsort(self.units, kind="stable")
        indptr = np.zeros(self.n_units + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.units, minlength=self.n_units), out=indptr[1:])
        return indptr, areas[order]

    def unit_sizes(self) -> list[int]:
        """How many areas each unit uses."""
        return np.diff(self._rows[0]).tolist()

    def row(self, unit: int) -> NDArray[np.int32]:
        """Areas used by a unit, ascending."""
        indptr, areas = self._rows
        return areas[indptr[unit] : indptr[unit + 1]]

    def overlap(self, a: int, b: int) -> int:
        """Units using both areas."""
        first, second = self.column(a), self.column(b)
        if len(first) > len(second):
            first, second = second, first
        if not len(first):
            return 0
        at = np.searchsorted(second, first)
        at[at == len(second)] = 0
        return int(np.count_nonzero(second[at] == first))

    def observed_row(self, a: int) -> NDArray[np.int64]:
        """O of area a with every area (the count of a itself on the diagonal)."""
        indptr, areas = self._rows
        column = self.column(a).astype(np.int64)
        starts, ends = indptr[column], indptr[column + 1]
        if not len(column):
            return np.zeros(self.n_areas, dtype=np.int64)
        lengths = ends - starts
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        gathered = areas[np.arange(int(lengths.sum())) + offsets]
        return np.bincount(gathered, minlength=self.n_areas).astype(np.int64)

    def units_using_all(self, areas: Sequence[int]) -> NDArray[np.int32]:
        """Units that use every one of the areas, ascending."""
        if not areas:
            return np.zeros(0, dtype=np.int32)
        result = self.column(areas[0])
        for area in areas[1:]:
            result = np.intersect1d(result, self.column(area), assume_unique=True)
        return result

    def subset(self, areas: Sequence[int]) -> Membership:
        """The columns of ``areas`` only, in that order (the same units)."""
        columns = [self.column(int(a)) for a in areas]
        indptr = np.zeros(len(columns) + 1, dtype=np.int64)
        np.cumsum([len(c) for c in columns], out=indptr[1:])
        units = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int32)
        return Membership(indptr=indptr, units=units.astype(np.int32), n_units=self.n_units)

    def _dense_pairs(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Every co-occurring pair from one dense product (small populations: no SciPy)."""
        matrix = np.zeros((self.n_units, self.n_areas), dtype=np.float32)
        areas = np.repeat(np.arange(self.n_areas), np.diff(self.indptr))
        matrix[self.units, areas] = 1.0
        product = matrix.T @ matrix  # exact: counts stay far below 2**24
        i, j = np.nonzero(np.triu(product, k=1))
        return i.astype(np.int64), j.astype(np.int64), product[i, j].astype(np.int64)

    def to_sparse(self) -> sparse.csc_array:
        from scipy import sparse

        return sparse.csc_array(
            (np.ones(len(self.units), dtype=np.int8), self.units, self.indptr),
            shape=(self.n_units, self.n_areas),
        )

    def pair_blocks(
        self, max_cells: int = 2_000_000
    ) -> Iterator[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]]:
        """(i, j, O) of the co-occurring pairs i < j, a block of areas i at a time, in order.

        Each block's product touches at most about ``max_cells`` unit-level pairs, so memory
        stays bounded however many pairs the population has.
        """
        from scipy import sparse

        b = sparse.csr_array(self.to_sparse(), dtype=np.int32)
        bt = sparse.csr_array(b.T)
        sizes = np.diff(b.indptr).astype(np.int64)
        done = np.concatenate([[0], np.cumsum(np.asarray(bt @ sizes, dtype=np.int64))])
        start = 0
        while start < self.n_areas:
            stop = int(np.searchsorted(done, done[start] + max_cells, side="right")) - 1
            stop = min(max(stop, start + 1), self.n_areas)
            part = sparse.csr_array(bt[start:stop] @ b).tocoo()
            keep = part.col > part.row + start
            rows = part.row[keep].astype(np.int64) + start
            cols = part.col[keep].astype(np.int64)
            order = np.lexsort((cols, rows))
            yield rows[order], cols[order], part.data[keep][order].astype(np.int64)
            start = stop

    def all_pairs(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """(i, j, O) of every co-occurring pair i < j, ordered by (i, j)."""
        if self.n_units * self.n_areas <= _DENSE_CELLS and self.n_areas <= _DENSE_AREAS:
            return self._dense_pairs()
        blocks = list(self.pair_blocks())
        if not blocks:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty.copy(), empty.copy()
        return (
            np.concatenate([block[0] for block in blocks]),
            np.concatenate([block[1] for block in blocks]),
            np.concatenate([block[2] for block in blocks]),
        )

    def phi_shrinkage(self) -> float:
        """``atypicality.phi_shrinkage_intensity`` over every pair, one block at a time.

        The same sums (a closed form over all pairs as if none co-occurred, then corrected for
        the pairs that do), accumulated per block so no list of all pairs is formed; a test
        keeps the two equal.
        """
        n = self.counts().astype(np.float64)
        big_n = float(self.n_units)
        valid = (n > 0) & (n < big_n)
        if big_n < 3 or valid.sum() < 2:
            return 1.0
        g2 = np.where(valid, n / np.where(valid, big_n - n, 1.0), 0.0)
        s1, s2, s4 = g2.sum(), (g2**2).sum(), (g2**4).sum()
        n_pairs = valid.sum() * (valid.sum() - 1) / 2.0
        sum_r2 = (s1 * s1 - s2) / 2.0
        sum_var = n_pairs - 2.0 * sum_r2 + (s2 * s2 - s4) / 2.0
        for i, j, o in self.pair_blocks():
            both = valid[i] & valid[j]
            i, j = i[both], j[both]
            absent_r2 = g2[i] * g2[j]
            actual_r2 = phi_correlation(o[both], n[i], n[j], self.n_units) ** 2
            sum_r2 += (actual_r2 - absent_r2).sum()
            sum_var += ((1.0 - actual_r2) ** 2 - (1.0 - absent_r2) ** 2).sum()
        variance, signal = float(sum_var) / (big_n - 1.0), float(sum_r2)
        if signal <= 0:
            return 1.0
        return float(min(1.0, max(0.0, variance / signal)))
