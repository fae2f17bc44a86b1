"""Database triggers that keep issued conclusions and the results they cite as they were issued.

The services already refuse such changes; the triggers refuse them for any other writer too (a shell, a
script, a bug). They are (re)installed after every `migrate` (post_migrate), because SQLite drops a table's
triggers when a migration rebuilds the table. Both raise an integrity error.

1. `conclusions_conclusion`: once issued, superseded or withdrawn, nothing changes except issued →
   superseded | withdrawn (with the withdrawal fields), the one-time attachment of the PDF, and the PDF's
   progress columns. On PostgreSQL deleting such a row is refused too (on SQLite the test runner's flush
   deletes rows, and the foreign keys already protect them).
2. `assay_result`: a result cited by a reviewed, signed or issued conclusion cannot be updated — except,
   for an issued one, while an amendment of it is being drafted (the correction path).
"""

from django.db import connection

FROZEN = [
    "application_id",
    "organization_id",
    "languages",
    "amends_id",
    "amendment_reason",
    "content",
    "content_sha256",
    "prepared_by_id",
    "prepared_at",
    "reviewed_by_id",
    "reviewed_at",
    "signed_by_id",
    "signed_at",
    "issued_by_id",
    "issued_at",
    "year",
    "sequence",
    "number",
    "short_code",
    "verification_token",
]
WITHDRAWAL = ["withdrawn_by_id", "withdrawn_at", "withdrawal_reason"]
FINAL = "('issued', 'superseded', 'withdrawn')"
CONCLUSION_MESSAGE = "an issued conclusion cannot change"
RESULT_MESSAGE = "a result cited by a conclusion cannot change"


def _changed(columns, differ: str) -> str:
    return " OR ".join(f"NEW.{column} {differ} OLD.{column}" for column in columns)


def _conclusion_condition(differ: str) -> str:
    return f"""OLD.status IN {FINAL} AND (
        {_changed(FROZEN, differ)}
        OR (OLD.status <> 'issued' AND NEW.status <> OLD.status)
        OR (OLD.status = 'issued' AND NEW.status NOT IN {FINAL})
        OR (NOT (OLD.status = 'issued' AND NEW.status = 'withdrawn') AND ({_changed(WITHDRAWAL, differ)}))
        OR (OLD.pdf_sha256 <> '' AND ({_changed(["pdf", "pdf_sha256"], differ)}))
    )"""


RESULT_CITED = """EXISTS (
    SELECT 1 FROM conclusions_citation c JOIN conclusions_conclusion k ON k.id = c.conclusion_id
    WHERE c.result_id = OLD.id AND (
        k.status IN ('reviewed', 'signed')
        OR (k.status = 'issued' AND NOT EXISTS (
            SELECT 1 FROM conclusions_conclusion a WHERE a.amends_id = k.id AND a.status = 'draft'))
    )
)"""

SQLITE = [
    "DROP TRIGGER IF EXISTS conclusion_frozen",
    f"""CREATE TRIGGER conclusion_frozen BEFORE UPDATE ON conclusions_conclusion
        FOR EACH ROW WHEN {_conclusion_condition("IS NOT")}
        BEGIN SELECT RAISE(ABORT, '{CONCLUSION_MESSAGE}'); END""",
    "DROP TRIGGER IF EXISTS result_cited_frozen",
    f"""CREATE TRIGGER result_cited_frozen BEFORE UPDATE ON assay_result
        FOR EACH ROW WHEN {RESULT_CITED}
        BEGIN SELECT RAISE(ABORT, '{RESULT_MESSAGE}'); END""",
]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION conclusion_frozen() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF OLD.status IN {FINAL} THEN
                RAISE EXCEPTION '{CONCLUSION_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF {_conclusion_condition("IS DISTINCT FROM")} THEN
            RAISE EXCEPTION '{CONCLUSION_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS conclusion_frozen ON conclusions_conclusion",
    """CREATE TRIGGER conclusion_frozen BEFORE UPDATE OR DELETE ON conclusions_conclusion
        FOR EACH ROW EXECUTE FUNCTION conclusion_frozen()""",
    f"""CREATE OR REPLACE FUNCTION result_cited_frozen() RETURNS trigger AS $$
    BEGIN
        IF {RESULT_CITED} THEN
            RAISE EXCEPTION '{RESULT_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS result_cited_frozen ON assay_result",
    """CREATE TRIGGER result_cited_frozen BEFORE UPDATE ON assay_result
        FOR EACH ROW EXECUTE FUNCTION result_cited_frozen()""",
]


def install(using: str = "default", **kwargs) -> None:
    from django.db import connections

    db = connections[using] if using else connection
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(db.vendor)
    if statements is None:
        return
    with db.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
