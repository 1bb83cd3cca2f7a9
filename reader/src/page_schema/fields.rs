//! A table of fields: each row's name, type, label, constraints and oneof, resolved to the
//! full names of the messages and enums it links to.

use super::*;

/// Reads a table of fields for message `scope`; returns the fields, their oneof groups and
/// the enums the table declares.
pub(super) fn fields_of(
    ctx: &Ctx<'_>,
    scope: &str,
    table: &Table,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Field>, Vec<Oneof>, Vec<Enum>) {
    let mut fields = Vec::new();
    let mut hints = Vec::new();
    let mut enums = Vec::new();
    // Rust name → index in `fields` of the fields so far. A map rather than a scan of
    // `fields`: a table of 50 000 rows (the 10 MB page) made the scan quadratic.
    let mut rust_names: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        if let Some((field, en, hint)) = field_of(ctx, scope, row, diags) {
            let rust = naming::field_name(&field.json_name);
            if let Some(&i) = rust_names.get(&rust) {
                let first: &Field = &fields[i];
                let (other, other_line) = (first.json_name.clone(), first.origin.line);
                let first_shape = first.shape();
                if other == field.json_name && first_shape == field.shape() {
                    // The same field twice, both rows giving it one type: a repeated row,
                    // not two definitions.
                    diags.push(
                        Diagnostic::warning(
                            ctx.file,
                            row.line,
                            1,
                            format!(
                                "field `{other}` appears twice in this table; this row is dropped"
                            ),
                        )
                        .with_note(format!("the other is at {}:{other_line}", ctx.file)),
                    );
                    continue;
                }
                let message = if other == field.json_name {
                    format!(
                        "field `{other}` appears twice in this table, as {first_shape} and as {}",
                        field.shape()
                    )
                } else {
                    // `folderId` and `folder_id` are two fields on the wire but one Rust
                    // field (`folder_id`): the emitters could only fail later, without a
                    // place to point at.
                    format!(
                        "fields `{other}` and `{}` would both be the Rust field `{rust}`",
                        field.json_name
                    )
                };
                diags.push(
                    Diagnostic::error(ctx.file, row.line, 1, message)
                        .with_note(format!("the other is at {}:{other_line}", ctx.file)),
                );
                continue;
            }
            rust_names.insert(rust, fields.len());
            hints.push(hint);
            fields.push(field);
            enums.extend(en);
        }
    }
    let oneofs = oneofs_of(&fields, &hints);
    let mut msg = Message {
        fields,
        oneofs,
        ..Message::default()
    };
    link_oneofs(&mut msg);
    (msg.fields, msg.oneofs, enums)
}

/// Groups fields into oneofs by the member lists their descriptions give. The pages name no
/// oneof, so a group is named after its members by `codegen::naming::oneof_name`
/// (`anytime_or_weekly_maintenance_window`, `value` for `stringValue`…`boolValue`).
pub fn oneofs_of(fields: &[Field], hints: &[Option<Vec<String>>]) -> Vec<Oneof> {
    let mut groups: Vec<Oneof> = Vec::new();
    for (f, hint) in fields.iter().zip(hints) {
        let Some(members) = hint else {
            continue;
        };
        if groups.iter().any(|g| g.members.contains(&f.json_name)) {
            continue;
        }
        // Only members that are fields of this table count (older pages list fields the
        // table lacks, or the reverse).
        let present: Vec<String> = members
            .iter()
            .filter(|m| fields.iter().any(|x| &x.json_name == *m))
            .cloned()
            .collect();
        let mut present = present;
        if !present.contains(&f.json_name) {
            present.push(f.json_name.clone());
        }
        groups.push(Oneof {
            name: naming::oneof_name(&present),
            members: present,
        });
    }
    groups
}

/// Sets each field's `oneof` index from the message's groups.
pub fn link_oneofs(msg: &mut Message) {
    for f in &mut msg.fields {
        f.oneof = msg
            .oneofs
            .iter()
            .position(|g| g.members.contains(&f.json_name));
    }
}

fn field_of(
    ctx: &Ctx<'_>,
    scope: &str,
    row: &Row,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Field, Option<Enum>, Option<Vec<String>>)> {
    let file = ctx.file;
    if row.cells.len() < 2 {
        diags.push(Diagnostic::error(
            file,
            row.line,
            1,
            "a field row needs a name cell and a description cell",
        ));
        return None;
    }
    let name_cell = &row.cells[0];
    let (name, repeated) = match name_cell.text.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (name_cell.text.as_str(), false),
    };
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        diags.push(Diagnostic::error(
            file,
            name_cell.line,
            name_cell.col,
            format!("`{}` is not a field name", name_cell.text),
        ));
        return None;
    }
    let cell = &row.cells[1];
    let desc = match cell::read(&cell.text) {
        Ok(d) => d,
        Err(e) => {
            let (line, col) = offset_position(&cell.text, e.offset, cell.line, cell.col);
            diags.push(Diagnostic::error(file, line, col, e.message));
            return None;
        }
    };
    let at = |d: &mut Vec<Diagnostic>, message: String| {
        d.push(Diagnostic::error(file, cell.line, cell.col, message));
    };
    let mut label = if repeated {
        Label::Repeated
    } else {
        Label::Singular
    };
    let mut declared_enum = None;
    let mut annotation = &desc.annotation;
    if let Annotation::Map { key, value } = annotation {
        if !matches!(
            **key,
            Annotation::Scalar {
                base: Base::String,
                format: None
            }
        ) {
            at(
                diags,
                "only maps with `**string**` keys are known".to_string(),
            );
            return None;
        }
        if repeated {
            at(diags, "a map cannot also be repeated (`[]`)".to_string());
            return None;
        }
        label = Label::Map;
        annotation = value;
    }
    let ty = match annotation {
        Annotation::Scalar { base, format } => match scalar(*base, format.as_deref()) {
            Some(s) => Type::Scalar(s),
            None => {
                at(
                    diags,
                    format!(
                        "unknown format `{}` for this type",
                        format.as_deref().unwrap_or("")
                    ),
                );
                return None;
            }
        },
        Annotation::Enum { name } => {
            let full = format!("{scope}.{name}");
            if !is_full_name(&full) {
                at(
                    diags,
                    format!("`{full}` is not a proto full name: {FULL_NAME_RULE}"),
                );
                return None;
            }
            declared_enum = Some(Enum {
                full_name: full.clone(),
                docs: String::new(),
                values: desc
                    .enum_values
                    .iter()
                    .map(|(n, d)| EnumValue {
                        name: n.clone(),
                        docs: d.clone(),
                    })
                    .collect(),
                origins: vec![Origin {
                    file: file.to_string(),
                    line: row.line,
                }],
            });
            Type::Enum(full)
        }
        Annotation::Object => Type::Json,
        Annotation::Ref { name, href } => match resolve(ctx, name, href.as_deref()) {
            Some(full) if !is_full_name(&full) => {
                at(
                    diags,
                    format!("`{full}` is not a proto full name: {FULL_NAME_RULE}"),
                );
                return None;
            }
            Some(full) => Type::Message(full),
            None => {
                at(
                    diags,
                    format!(
                        "cannot tell which message `{name}` is: its link names no anchor on this page"
                    ),
                );
                return None;
            }
        },
        Annotation::Map { .. } => {
            at(diags, "a map's value cannot be a map".to_string());
            return None;
        }
    };
    let docs = desc.docs.clone();
    Some((
        Field {
            json_name: name.to_string(),
            ty,
            label,
            required: desc.required,
            deprecated: desc.deprecated,
            docs,
            oneof: None,
            // Newer pages state some constraints only in prose; the front matter, where
            // a page has one, adds to them and wins where both speak.
            constraints: crate::prose::constraints(&desc.docs),
            origin: Origin {
                file: file.to_string(),
                line: row.line,
            },
        },
        declared_enum,
        desc.oneof,
    ))
}

fn scalar(base: Base, format: Option<&str>) -> Option<Scalar> {
    Some(match (base, format) {
        (Base::String, None) => Scalar::String,
        (Base::String | Base::Integer, Some("int64")) => Scalar::Int64,
        (Base::String | Base::Integer, Some("uint64")) => Scalar::Uint64,
        (Base::String, Some("date-time")) => Scalar::Timestamp,
        (Base::String, Some("duration")) => Scalar::Duration,
        (Base::String, Some("field-mask")) => Scalar::FieldMask,
        (Base::String, Some("bytes" | "byte")) => Scalar::Bytes,
        (Base::Integer, None | Some("int32")) => Scalar::Int32,
        (Base::Integer, Some("uint32")) => Scalar::Uint32,
        (Base::Number, None | Some("double")) => Scalar::Double,
        (Base::Number, Some("float")) => Scalar::Float,
        (Base::Boolean, None) => Scalar::Bool,
        _ => return None,
    })
}

/// A type link's target: the page's own anchor if it has it, else the anchor's text
/// (suffix folded by the link's shown name); a backtick-styled name with no link is found
/// among the page's links.
fn resolve(ctx: &Ctx<'_>, name: &str, href: Option<&str>) -> Option<String> {
    match href {
        Some(href) => {
            let anchor = href.rsplit_once('#').map(|(_, a)| a)?;
            if anchor.is_empty() {
                return None;
            }
            Some(
                ctx.anchors
                    .get(anchor)
                    .cloned()
                    .unwrap_or_else(|| fold_anchor(anchor, name)),
            )
        }
        None => ctx.links.get(name).cloned(),
    }
}
