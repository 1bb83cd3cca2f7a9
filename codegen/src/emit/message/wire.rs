//! The statements that write a message's fields into a JSON map and read them back, shared
//! by the message's own impls and the request impls' query and body writers.

use super::*;

/// The statement writing one struct field of `msg` into the map `m` (a `&mut M` where
/// `M: SerializeMap`), restricted to the fields `include` takes by JSON name; `None` when it
/// takes none of the slot's.
pub(super) fn put_stmt(
    index: &Index,
    msg: &Message,
    value: &TokenStream,
    slot: &Slot<'_>,
    include: &dyn Fn(&str) -> bool,
) -> Option<TokenStream> {
    match slot {
        Slot::Field { field: f, name } => {
            if !include(&f.json_name) {
                return None;
            }
            let id = ident(name);
            let json = &f.json_name;
            let put = ident(match f.label {
                Label::Singular => "put",
                Label::Repeated => "put_repeated",
                Label::Map => "put_map",
            });
            Some(quote! { crate::rt::#put(m, #json, &#value.#id)?; })
        }
        Slot::Oneof { index: i, name } => {
            let id = ident(name);
            let enum_path = crate_path(&index.oneof_paths[&(msg.full_name.clone(), *i)]);
            let members: Vec<&Field> = oneof_members(msg, *i).collect();
            let taken: Vec<&&Field> = members.iter().filter(|m| include(&m.json_name)).collect();
            if taken.is_empty() {
                return None;
            }
            let arms: Vec<(TokenStream, TokenStream)> = taken
                .iter()
                .map(|m| {
                    let json = &m.json_name;
                    let variant = ident(&naming::oneof_variant_name(json));
                    (
                        quote! { #enum_path::#variant(v) },
                        quote! { crate::rt::put_value(m, #json, v)? },
                    )
                })
                .collect();
            Some(oneof_dispatch(
                &quote! { #value.#id },
                &arms,
                taken.len() == members.len(),
            ))
        }
    }
}

/// An expression reading singular field `json` of the message `value` (an expression of
/// type `&Message`) as an `Option<&T>`, whether the field stands alone or in a oneof.
pub(crate) fn read_singular(
    index: &Index,
    msg: &Message,
    json: &str,
    value: &TokenStream,
) -> Result<TokenStream, EmitError> {
    for slot in slots(msg)? {
        match slot {
            Slot::Field { field, name } if field.json_name == json => {
                let id = ident(&name);
                return Ok(quote! { #value.#id.as_ref() });
            }
            Slot::Oneof { index: i, name }
                if oneof_members(msg, i).any(|m| m.json_name == json) =>
            {
                let id = ident(&name);
                let enum_path = crate_path(&index.oneof_paths[&(msg.full_name.clone(), i)]);
                let variant = ident(&naming::oneof_variant_name(json));
                return Ok(quote! {
                    match &#value.#id {
                        Some(#enum_path::#variant(v)) => Some(v),
                        _ => None,
                    }
                });
            }
            _ => {}
        }
    }
    Err(EmitError::new(format!(
        "internal error: `{}` has no field `{json}`",
        msg.full_name
    )))
}

/// Runs each arm's statement on the member a oneof (`field`, an `Option` of its enum) holds:
/// a `match` when the arms cover every member, else one `if let` per member (a `match` with
/// a catch-all arm trips clippy's `single_match` when one member is taken).
pub(super) fn oneof_dispatch(
    field: &TokenStream,
    arms: &[(TokenStream, TokenStream)],
    all: bool,
) -> TokenStream {
    if all {
        let arms = arms.iter().map(|(pat, stmt)| quote! { #pat => #stmt, });
        quote! {
            if let Some(o) = &#field {
                match o {
                    #( #arms )*
                }
            }
        }
    } else {
        let ifs = arms
            .iter()
            .map(|(pat, stmt)| quote! { if let Some(#pat) = &#field { #stmt; } });
        quote! { #( #ifs )* }
    }
}

/// Statements writing the fields of `msg` that `include` takes (by JSON name) into `m`, for a
/// request's query and body.
pub(crate) fn writes(
    index: &Index,
    msg: &Message,
    value: &TokenStream,
    include: &dyn Fn(&str) -> bool,
) -> Result<Vec<TokenStream>, EmitError> {
    let slots = slots(msg)?;
    Ok(slots
        .iter()
        .filter_map(|slot| put_stmt(index, msg, value, slot, include))
        .collect())
}
