// The rules of @eventcatalog/linter 1.1.1 at the defaults its README
// documents, configured explicitly (tests/export.rs copies this file into
// each exported catalog as `.eventcatalogrc.js`). Explicit matters: the
// 1.1.1 build's own defaults leave `schema/valid-type` out, and the linter
// drops every finding of a rule that is not configured, so without this
// file a field of the wrong type (a string where a list belongs) passes.
module.exports = {
  rules: {
    'schema/required-fields': 'error',
    'schema/valid-type': 'error',
    'schema/valid-semver': 'error',
    'schema/valid-email': 'error',
    'schema/validation-error': 'error',
    'refs/owner-exists': 'error',
    'refs/valid-version-range': 'error',
    'refs/resource-exists': 'error',
    'refs/channel-exists': 'error',
    'refs/container-exists': 'error',
    'refs/orphan-messages': 'warn',
    'best-practices/summary-required': 'error',
    'best-practices/owner-required': 'error',
    'best-practices/description-required': 'warn',
    'best-practices/schema-required': 'warn',
    'versions/no-deprecated-references': 'warn',
    'structure/duplicate-resource-ids': 'error',
  },
};
