//! A message's `Check` impl: what `validate()` checks of each field.

use super::*;

/// `impl Check`: the constraints of every field that has something to check, by the
/// runtime's validator; an empty impl when nothing does.
pub(super) fn check_impl(
    index: &Index,
    msg: &Message,
    name: &proc_macro2::Ident,
    slots: &[Slot<'_>],
) -> Result<TokenStream, EmitError> {
    let with = index
        .messages_with_rules
        .get_or_init(|| crate::emit::checks::messages_with_rules(index));
    let mut stmts = Vec::new();
    for slot in slots {
        match slot {
            Slot::Field { field: f, name } => {
                if !field_has_rules(f, with) {
                    continue;
                }
                let what = || format!("`{}.{}`", msg.full_name, f.json_name);
                let c = constraints_tokens(&f.constraints, &what)?;
                let id = ident(name);
                let json = &f.json_name;
                let required = f.required;
                let call = ident(match f.label {
                    Label::Singular => "field",
                    Label::Repeated => "repeated",
                    Label::Map => "map",
                });
                stmts.push(quote! { v.#call(#json, &self.#id, #required, &#c); });
            }
            Slot::Oneof { index: i, name } => {
                let members: Vec<&Field> = oneof_members(msg, *i).collect();
                let mut arms = Vec::new();
                for m in &members {
                    // A member is set or not: "required" cannot apply to one of a oneof.
                    let plain = Field {
                        required: false,
                        ..(*m).clone()
                    };
                    if !field_has_rules(&plain, with) {
                        continue;
                    }
                    let what = || format!("`{}.{}`", msg.full_name, m.json_name);
                    let c = constraints_tokens(&m.constraints, &what)?;
                    let json = &m.json_name;
                    let enum_path = crate_path(&index.oneof_paths[&(msg.full_name.clone(), *i)]);
                    let variant = ident(&naming::oneof_variant_name(json));
                    arms.push((
                        quote! { #enum_path::#variant(x) },
                        quote! { v.member(#json, x, &#c) },
                    ));
                }
                if arms.is_empty() {
                    continue;
                }
                let id = ident(name);
                let all = arms.len() == members.len();
                stmts.push(oneof_dispatch(&quote! { self.#id }, &arms, all));
            }
        }
    }
    Ok(if stmts.is_empty() {
        quote! { impl crate::rt::Check for #name {} }
    } else {
        let allow = allow_deprecated(msg);
        quote! {
            #allow
            impl crate::rt::Check for #name {
                fn nested(&self, v: &mut crate::rt::Validator) {
                    #( #stmts )*
                }
            }
        }
    })
}
