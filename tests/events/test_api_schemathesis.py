"""schemathesis against /api/v1/openapi.json: generated requests for every operation, checked
against the document (no 5xx, documented status codes, content types and response shapes).
Bounded examples keep it to about a minute."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.wsgi import application
from tests.factories.events import make_event

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def world(events_index, settings):
    # Throttles would answer 429 to a burst of generated requests; they have their own test.
    settings.PORTAL_API_RATES = {"read": "", "write": ""}
    make_event(events_index, title="Canvass")
    # Requests go through the real WSGI handler, which closes the database connection after
    # each one; inside a test's transaction that would close it under the test (Django's test
    # client disconnects the same handler).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_api_conforms_to_its_openapi_document(world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures = []
    calls = []
    operations = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations.add(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            calls.append(case.operation.label)
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Exception as failure:
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)
    # Every operation was exercised, not just loaded.
    assert set(calls) == operations and len(operations) == 14
