"""Validation is remembered per parsed document and rule set, bounded, and never answers one
rule set with another's result."""

from __future__ import annotations

from graphql import parse
from graphql.validation import specified_rules

from schema.assembled import schema
from schema.introspection import CodedNoIntrospection
from schema.validation_cache import DocumentValidations

RULES = tuple(specified_rules)
GOOD = "{ __typename }"
INTROSPECTING = "{ __schema { queryType { name } } }"


def test_a_document_is_validated_once_per_rule_set() -> None:
    validations = DocumentValidations(maxsize=4)
    document = parse(INTROSPECTING)
    first = validations.errors(schema._schema, document, RULES)
    assert first == []
    assert validations.errors(schema._schema, document, RULES) is first  # remembered
    refused = validations.errors(schema._schema, document, (*RULES, CodedNoIntrospection))
    assert refused  # __schema, and queryType, a field of an introspection type
    assert {(error.extensions or {}).get("code") for error in refused} == {"INTROSPECTION_DISABLED"}
    assert validations.errors(schema._schema, document, RULES) == []


def test_an_equal_text_parsed_again_is_validated_again_and_the_oldest_entry_goes() -> None:
    validations = DocumentValidations(maxsize=2)
    documents = [parse(GOOD) for _ in range(3)]
    results = [validations.errors(schema._schema, document, RULES) for document in documents]
    assert len({id(result) for result in results}) == 3  # identity, not equality, is the key
    # The first document's entry was evicted (maxsize 2): validated anew, a new list.
    assert validations.errors(schema._schema, documents[0], RULES) is not results[0]
    assert validations.errors(schema._schema, documents[2], RULES) is results[2]


def test_invalid_documents_keep_their_errors() -> None:
    validations = DocumentValidations(maxsize=2)
    document = parse("{ noSuchField }")
    errors = validations.errors(schema._schema, document, RULES)
    assert [error.message for error in errors] == [
        "Cannot query field 'noSuchField' on type 'Query'."
    ]
    assert validations.errors(schema._schema, document, RULES) is errors
