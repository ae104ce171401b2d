// Checks a `ddgen export backstage` folder with Backstage's own validators
// (@backstage/catalog-model, the package the catalog backend validates
// entities with):
//
//   node tests/export/backstage-check.mjs EXPORT_DIR...
//
// For each folder: reads `catalog-info.yaml` (a YAML stream), replaces each
// `$text` placeholder with the file it names, as the catalog's placeholder
// processor does (and fails if that file is missing), then runs every
// entity through the default entity policies (envelope, field formats, no
// foreign root fields, schema) and its kind's validator. Finally every
// relation (owner, system, domain, subdomainOf, parent, children,
// providesApis, consumesApis, dependsOn, dependencyOf) must name an entity
// of the same file. Prints `DIR: ok (N entities)` per folder; exit 1 on any
// problem, 2 on usage or setup failure.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'package.json'));

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node backstage-check.mjs EXPORT_DIR...');
  process.exit(2);
}

let model;
let YAML;
try {
  model = require('@backstage/catalog-model');
  YAML = require('yaml');
} catch (e) {
  console.error(`cannot load @backstage/catalog-model or yaml (run \`npm ci --prefix tests/export\`): ${e.message}`);
  process.exit(2);
}

const {
  EntityPolicies,
  DefaultNamespaceEntityPolicy,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  parseEntityRef,
  stringifyEntityRef,
} = model;

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const kindValidators = {
  API: model.apiEntityV1alpha1Validator,
  Component: model.componentEntityV1alpha1Validator,
  Domain: model.domainEntityV1alpha1Validator,
  Group: model.groupEntityV1alpha1Validator,
  Location: model.locationEntityV1alpha1Validator,
  Resource: model.resourceEntityV1alpha1Validator,
  System: model.systemEntityV1alpha1Validator,
  User: model.userEntityV1alpha1Validator,
};

// The default kind of each relation field, as the catalog's processors use.
const relationFields = {
  owner: 'group',
  system: 'system',
  domain: 'domain',
  subdomainOf: 'domain',
  parent: 'group',
  children: 'group',
  providesApis: 'api',
  consumesApis: 'api',
  dependsOn: 'component',
  dependencyOf: 'component',
};

async function resolvePlaceholders(value, dir, problems, where) {
  if (Array.isArray(value)) {
    return Promise.all(value.map((v, i) => resolvePlaceholders(v, dir, problems, `${where}[${i}]`)));
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$text') {
      try {
        return await readFile(path.resolve(dir, value.$text), 'utf8');
      } catch (e) {
        problems.push(`${where}: $text ${value.$text}: ${e.message}`);
        return '';
      }
    }
    const out = {};
    for (const k of keys) {
      out[k] = await resolvePlaceholders(value[k], dir, problems, `${where}.${k}`);
    }
    return out;
  }
  return value;
}

let failed = false;
for (const dir of dirs) {
  const problems = [];
  const file = path.join(dir, 'catalog-info.yaml');
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    console.error(`${file}: cannot read: ${e.message}`);
    process.exit(2);
  }
  const docs = YAML.parseAllDocuments(text);
  const entities = [];
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length > 0) {
      problems.push(`document ${i}: YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
      continue;
    }
    const raw = doc.toJS();
    const entity = await resolvePlaceholders(raw, dir, problems, `document ${i}`);
    const name = `${entity?.kind}:${entity?.metadata?.name}`;
    try {
      const out = await policy.enforce(entity);
      if (!out) {
        problems.push(`${name}: rejected by the entity policies`);
        continue;
      }
      const validator = kindValidators[entity.kind];
      if (!validator) {
        problems.push(`${name}: unknown kind`);
      } else if ((await validator.check(entity)) !== true) {
        problems.push(`${name}: not a valid ${entity.kind}`);
      }
      entities.push(entity);
    } catch (e) {
      problems.push(`${name}: ${e.message}`);
    }
  }
  const known = new Set(entities.map((e) => stringifyEntityRef(e)));
  if (known.size !== entities.length) {
    problems.push('two entities share a kind and name');
  }
  for (const e of entities) {
    for (const [field, defaultKind] of Object.entries(relationFields)) {
      const value = e.spec?.[field];
      if (value === undefined) continue;
      for (const ref of Array.isArray(value) ? value : [value]) {
        try {
          const target = stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }));
          if (!known.has(target)) {
            problems.push(`${stringifyEntityRef(e)}: spec.${field} names ${target}, which is not in the catalog`);
          }
        } catch (err) {
          problems.push(`${stringifyEntityRef(e)}: spec.${field}: ${err.message}`);
        }
      }
    }
    if (e.kind !== 'Group' && e.kind !== 'User' && !e.spec?.owner) {
      problems.push(`${stringifyEntityRef(e)}: no owner`);
    }
  }
  for (const p of problems) {
    console.log(`${dir}: ${p}`);
  }
  if (problems.length > 0) {
    failed = true;
    console.log(`${dir}: FAILED (${problems.length} problem(s))`);
  } else {
    console.log(`${dir}: ok (${entities.length} entities)`);
  }
}
process.exit(failed ? 1 : 0);
