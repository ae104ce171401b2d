//! The generated tests of an aggregate's indexes (in `test_adapters.py`):
//! aggregates saved with one partition value come back from the index's
//! repository method, `limit` stops early, and a deleted one is gone from
//! the index too. moto's table has the template's GSIs (the conftest's
//! `update_table` calls).

use super::*;
use crate::generate::python::imports::Imports;
use crate::generate::python::indexes::method_name;
use crate::model::TypeDef;

/// Saved at once by each index test.
const SAVED: usize = 3;

/// One test per index of `a`; `constant` is its sample, `class` its class.
pub fn tests(
    scope: &Scope,
    a: &TypeDef,
    constant: &str,
    class: &str,
    imp: &mut Imports,
) -> Vec<TestFn> {
    let mut out = Vec::new();
    let attrs = scope.attrs(&a.fields);
    let ki = scope.key_index(a);
    let key_attr = &attrs[ki];
    let Some(key_id) = a.fields[ki].ty.direct() else {
        return out;
    };
    let repo = repository_class(scope, a.id);
    let contracts = format!("{}.contracts", scope.pkg);
    for index in &a.indexes {
        let Some((p, s)) = scope.model.index_fields(a, index) else {
            continue;
        };
        let attr_of =
            |name: &str| attrs[a.fields.iter().position(|f| f.name == name).unwrap_or(0)].clone();
        let pattr = attr_of(&p.name);
        let method = method_name(&index.name);
        let var = "sample";
        let new_key = scope.new_id(key_id, &contracts, imp);
        let mut body = vec![format!("{var} = {class}.model_validate({constant})")];
        for f in std::iter::once(p).chain(s) {
            if matches!(f.ty, TypeRef::Optional(_)) {
                body.push(format!("assert {var}.{} is not None", attr_of(&f.name)));
            }
        }
        body.extend([
            format!("repo = repository.{repo}()"),
            format!("saved: list[{class}] = []"),
            format!("for _ in range({SAVED}):"),
            format!(
                "    one = {var}.model_copy(update={{{}: {new_key}}})",
                py_str(key_attr)
            ),
            "    repo.save(one)".to_string(),
            "    saved.append(one)".to_string(),
            format!("found = repo.{method}({var}.{pattr})"),
            format!("found_keys = sorted(str(f.{key_attr}) for f in found)"),
            format!("assert found_keys == sorted(str(o.{key_attr}) for o in saved)"),
            format!("assert len(repo.{method}({var}.{pattr}, limit=2)) == 2"),
            format!("repo.delete(saved[0].{key_attr})"),
            format!(
                "assert len(repo.{method}({var}.{pattr}, descending=True)) == {}",
                SAVED - 1
            ),
        ]);
        out.push(test_fn(
            &format!("test_{}_repository_{method}", snake(&a.name)),
            &[FIXTURES[0]],
            &format!(
                "{} aggregates saved with one `{}` come back from `{method}` through the index `{}`, `limit` stops early, and a deleted one is gone.",
                a.name,
                p.name,
                index.gsi_name(&a.name)
            ),
            body,
        ));
    }
    out
}

/// One test per query an index answers: its default body returns what was
/// saved under the query's partition value (and nothing of another value).
pub fn query_tests(scope: &Scope, imp: &mut Imports, constants: &mut Vec<String>) -> Vec<TestFn> {
    let mut out = Vec::new();
    for &mid in &scope.ctx.messages {
        let m = scope.model.message(mid);
        let Some((agg, by, index, field)) =
            crate::generate::python::index_query::answered(scope, m)
        else {
            continue;
        };
        let pkg = &scope.pkg;
        let class = scope.message_class(m.id).to_string();
        let agg_class = scope.type_class(agg.id).to_string();
        let qc = const_name(scope, &format!("{}Query", m.name));
        constants.push(constant(&qc, &scope.sample_fields(&m.fields, &[])));
        let ac = const_name(scope, &agg.name);
        imp.name(&format!("{pkg}.application.service"), "Service")
            .name(&format!("{pkg}.adapters"), "repository")
            .name(&format!("{pkg}.contracts"), &class)
            .name(&format!("{pkg}.contracts"), &agg_class);
        let qattrs = scope.attrs(&m.fields);
        let aattrs = scope.attrs(&agg.fields);
        let pfield = &m.fields[by].name;
        let pattr_agg = &aattrs[agg
            .fields
            .iter()
            .position(|f| &f.name == pfield)
            .unwrap_or(0)];
        let answer = match field {
            None => "answer".to_string(),
            Some(i) => {
                let TypeRef::Named(h) = &m.returns.as_ref().expect("answered").0 else {
                    continue;
                };
                let hattrs = scope.attrs(&scope.model.type_def(*h).fields);
                format!("answer.{}", hattrs[i])
            }
        };
        let optional = agg
            .fields
            .iter()
            .any(|f| &f.name == pfield && matches!(f.ty, TypeRef::Optional(_)));
        let mut body = vec![
            format!("sample = {agg_class}.model_validate({ac})"),
            format!(
                "repository.{}().save(sample)",
                repository_class(scope, agg.id)
            ),
            format!("query = {class}.model_validate({qc})"),
        ];
        if optional {
            body.push(format!("assert sample.{pattr_agg} is not None"));
        }
        body.extend([
            format!(
                "mine = query.model_copy(update={{{}: sample.{pattr_agg}}})",
                py_str(&qattrs[by])
            ),
            format!("answer = Service().{}(mine)", super::service_fn(m)),
            format!("assert len({answer}) == 1"),
        ]);
        out.push(test_fn(
            &format!("test_{}_reads_the_index", snake(&m.name)),
            &[FIXTURES[0]],
            &format!(
                "The default body of {} answers with the {} saved under its `{pfield}`, read through the index `{index}`.",
                m.name, agg.name
            ),
            body,
        ));
    }
    out
}
