"""National runs: a 2-worker Dask cluster gives exactly the single-process totals; bad tables fail."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from townhall.cli import app
from townhall.problems import InvalidInputError
from townhall.tax.national.authorities import CLASSES, read_authorities, synthetic_authorities
from townhall.tax.national.run import run_dask, run_local


@pytest.fixture(scope="module")
def small_table() -> pl.DataFrame:
    """Twenty authorities of about 2,000 claims each."""
    return synthetic_authorities(seed=3, total_claims=326 * 2000).head(20)


def test_the_synthetic_table_has_englands_326_authorities_and_3_7_million_claims() -> None:
    table = synthetic_authorities()
    assert len(table) == sum(count for _, count, _, _ in CLASSES) == 326
    assert table["claims"].sum() == 3_700_000
    assert table["code"].n_unique() == 326


def test_a_two_worker_cluster_gives_exactly_the_single_process_totals(
    small_table: pl.DataFrame,
) -> None:
    from distributed import Client, LocalCluster

    local = run_local(small_table)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        distributed = run_dask(small_table, client)
    assert distributed.workers == 2
    assert distributed.totals.sort("code").equals(local.totals.sort("code"))
    assert len(local.totals) == 20


def test_the_cli_writes_totals_and_bad_tables_list_every_problem(
    tmp_path: Path, small_table: pl.DataFrame
) -> None:
    good, bad = tmp_path / "authorities.csv", tmp_path / "bad.csv"
    small_table.head(4).write_csv(good)
    output = tmp_path / "totals.csv"
    runner = CliRunner()
    result = runner.invoke(
        app, ["tax", "national", "--schemes", str(good), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert pl.read_csv(output).height == 4
    small_table.head(2).with_columns(
        pl.lit("Z").alias("band_cap"), pl.lit("lots").alias("claims").alias("claims")
    ).write_csv(bad)
    with pytest.raises(InvalidInputError) as caught:
        read_authorities(str(bad))
    fields = {(p.row, p.field) for p in caught.value.problems}
    assert {(2, "claims"), (3, "claims"), (2, "band_cap"), (3, "band_cap")} <= fields
    result = runner.invoke(
        app, ["tax", "national", "--schemes", str(bad), "--output", str(tmp_path / "x.csv")]
    )
    assert result.exit_code == 1 and not (tmp_path / "x.csv").exists()
