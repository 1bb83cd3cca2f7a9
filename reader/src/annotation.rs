//! The type-annotation grammar: the bold type at the head of every field description, in
//! tables and in front-matter descriptions alike.
//!
//! ```text
//! annotation := term [ ' '* '(' detail ')' ]
//! term       := '**' ( word | '[' name '](' href ')' | '`' name '`' ) '**'
//! detail     := format                       (after string, integer, number)
//!             | name                         (after enum)
//!             | 'map<' annotation ', ' annotation '>'   (after object)
//! ```
//! `word` is one of `string`, `integer`, `number`, `boolean`, `enum`, `object`; anything
//! else is an error, so a type the generator does not understand never passes silently.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Annotation {
    /// `**string**`, `**string** (int64)`, `**integer** (int32)`, `**number** (double)`,
    /// `**boolean**`.
    Scalar { base: Base, format: Option<String> },
    /// `**enum** (Name)`.
    Enum { name: String },
    /// `**object**`: an empty message or free-form JSON; the pages do not say which.
    Object,
    /// `**object** (map<**string**, **T**>)`.
    Map {
        key: Box<Annotation>,
        value: Box<Annotation>,
    },
    /// `**[Name](#full.Name)**` or `` **`Name`** ``.
    Ref { name: String, href: Option<String> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    String,
    Integer,
    Number,
    Boolean,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Byte offset into the input where the problem is.
    pub offset: usize,
    pub message: String,
}

/// Parses the annotation at the start of `input`; returns it and the number of bytes it
/// took.
pub fn parse(input: &str) -> Result<(Annotation, usize), Error> {
    let mut p = Parser {
        s: input,
        pos: 0,
        depth: 0,
    };
    let a = p.annotation()?;
    Ok((a, p.pos))
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    /// How many `map<` the parser is inside.
    depth: usize,
}

/// Maps nest at most this deep. The pages never nest them (a map's value is never a map),
/// but the grammar allows it, and without a bound `map<**object** (map<…` repeated over a
/// long line recursed until the stack ran out.
const MAX_MAP_DEPTH: usize = 4;

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, Error> {
        Err(Error {
            offset: self.pos,
            message: message.into(),
        })
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str, what: &str) -> Result<(), Error> {
        if self.eat(token) {
            Ok(())
        } else {
            self.err(format!("expected `{token}` {what}"))
        }
    }

    /// Takes characters while `f` holds.
    fn take_while(&mut self, f: impl Fn(char) -> bool) -> &str {
        let start = self.pos;
        let len = self
            .rest()
            .char_indices()
            .find(|&(_, c)| !f(c))
            .map(|(i, _)| i)
            .unwrap_or(self.rest().len());
        self.pos += len;
        &self.s[start..self.pos]
    }

    fn annotation(&mut self) -> Result<Annotation, Error> {
        self.expect("**", "to open a type annotation")?;
        let term_at = self.pos;
        let term = if self.eat("[") {
            let name = self.take_while(|c| c != ']').to_string();
            self.expect("](", "after a type link's name")?;
            let href = self.take_while(|c| c != ')').to_string();
            self.expect(")", "to close a type link")?;
            Term::Ref(name, Some(href))
        } else if self.eat("`") {
            let name = self.take_while(|c| c != '`').to_string();
            self.expect("`", "to close a type name")?;
            Term::Ref(name, None)
        } else {
            let word = self.take_while(|c| c.is_ascii_alphanumeric() || c == '_');
            match word {
                "string" => Term::Base(Base::String),
                "integer" => Term::Base(Base::Integer),
                "number" => Term::Base(Base::Number),
                "boolean" => Term::Base(Base::Boolean),
                "enum" => Term::Enum,
                "object" => Term::Object,
                "" => return self.err("expected a type name after `**`"),
                other => {
                    let message = format!("unknown type `{other}` in a type annotation");
                    self.pos = term_at;
                    return self.err(message);
                }
            }
        };
        if let Term::Ref(name, _) = &term {
            if name.trim().is_empty() {
                self.pos = term_at;
                return self.err("empty type name in a type annotation");
            }
        }
        self.expect("**", "to close a type annotation")?;
        // The detail in parentheses, if any.
        let save = self.pos;
        self.take_while(|c| c == ' ');
        if !self.eat("(") {
            self.pos = save;
            return match term {
                Term::Base(base) => Ok(Annotation::Scalar { base, format: None }),
                Term::Enum => {
                    self.err("`**enum**` needs its name in parentheses: `**enum** (Name)`")
                }
                Term::Object => Ok(Annotation::Object),
                Term::Ref(name, href) => Ok(Annotation::Ref { name, href }),
            };
        }
        let a = match term {
            Term::Base(base) => {
                let format = self
                    .take_while(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    .to_string();
                if format.is_empty() {
                    return self.err("expected a format such as `int64` in parentheses");
                }
                Annotation::Scalar {
                    base,
                    format: Some(format),
                }
            }
            Term::Enum => {
                let name = self
                    .take_while(|c| c.is_ascii_alphanumeric() || c == '_')
                    .to_string();
                if name.is_empty() {
                    return self.err("expected the enum's name in parentheses");
                }
                Annotation::Enum { name }
            }
            Term::Object => {
                if self.depth == MAX_MAP_DEPTH {
                    return self.err(format!(
                        "maps nested more than {MAX_MAP_DEPTH} deep in a type annotation"
                    ));
                }
                self.expect("map<", "in an object's detail (only maps are known)")?;
                self.depth += 1;
                let key = self.annotation()?;
                self.expect(",", "between a map's key and value types")?;
                self.take_while(|c| c == ' ');
                let value = self.annotation()?;
                self.expect(">", "to close a map type")?;
                self.depth -= 1;
                Annotation::Map {
                    key: Box::new(key),
                    value: Box::new(value),
                }
            }
            Term::Ref(..) => return self.err("a message type takes no detail in parentheses"),
        };
        self.expect(")", "to close the type's detail")?;
        Ok(a)
    }
}

enum Term {
    Base(Base),
    Enum,
    Object,
    Ref(String, Option<String>),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Annotation {
        let (a, used) = parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        assert_eq!(used, s.len(), "{s}");
        a
    }

    fn scalar(base: Base, format: Option<&str>) -> Annotation {
        Annotation::Scalar {
            base,
            format: format.map(str::to_string),
        }
    }

    #[test]
    fn scalars_with_and_without_format() {
        assert_eq!(ok("**string**"), scalar(Base::String, None));
        for f in ["int64", "date-time", "duration", "field-mask", "bytes"] {
            assert_eq!(
                ok(&format!("**string** ({f})")),
                scalar(Base::String, Some(f))
            );
        }
        assert_eq!(
            ok("**integer** (int32)"),
            scalar(Base::Integer, Some("int32"))
        );
        assert_eq!(
            ok("**integer** (int64)"),
            scalar(Base::Integer, Some("int64"))
        );
        assert_eq!(
            ok("**number** (double)"),
            scalar(Base::Number, Some("double"))
        );
        assert_eq!(ok("**boolean**"), scalar(Base::Boolean, None));
    }

    #[test]
    fn enums_objects_and_maps() {
        assert_eq!(
            ok("**enum** (Health)"),
            Annotation::Enum {
                name: "Health".into()
            }
        );
        assert_eq!(ok("**object**"), Annotation::Object);
        assert_eq!(
            ok("**object** (map<**string**, **string**>)"),
            Annotation::Map {
                key: Box::new(scalar(Base::String, None)),
                value: Box::new(scalar(Base::String, None)),
            }
        );
        assert_eq!(
            ok("**object** (map<**string**, **[Ext](#a.b.Ext)**>)"),
            Annotation::Map {
                key: Box::new(scalar(Base::String, None)),
                value: Box::new(Annotation::Ref {
                    name: "Ext".into(),
                    href: Some("#a.b.Ext".into())
                }),
            }
        );
    }

    #[test]
    fn message_references() {
        assert_eq!(
            ok("**[Status](#google.rpc.Status)**"),
            Annotation::Ref {
                name: "Status".into(),
                href: Some("#google.rpc.Status".into())
            }
        );
        assert_eq!(
            ok("**`Group`**"),
            Annotation::Ref {
                name: "Group".into(),
                href: None
            }
        );
    }

    #[test]
    fn reports_where_it_stops() {
        let (_, used) = parse("**string** trailing").unwrap();
        assert_eq!(used, 10);
        let e = parse("**strin**").unwrap_err();
        assert_eq!(e.offset, 2);
        assert!(e.message.contains("unknown type `strin`"));
        assert_eq!(parse("string").unwrap_err().offset, 0);
        assert!(parse("**enum**").unwrap_err().message.contains("(Name)"));
        assert_eq!(parse("**string** (int64").unwrap_err().offset, 17);
        assert!(parse("**object** (list<x>)").is_err());
        assert!(parse("**[X](#a)** (int64)").is_err());
        assert!(parse("**[](#a)**").is_err());
    }

    #[test]
    fn deep_maps_are_an_error_not_a_stack_overflow() {
        let deep = "**object** (map<**string**, ".repeat(100_000);
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nested more than"), "{e:?}");
        assert!(e.offset < deep.len());
        // Nesting up to the bound still parses.
        let ok_depth = format!(
            "{}**string**{}",
            "**object** (map<**string**, ".repeat(MAX_MAP_DEPTH),
            ">)".repeat(MAX_MAP_DEPTH)
        );
        assert_eq!(parse(&ok_depth).unwrap().1, ok_depth.len());
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Pieces of the grammar, so random strings often come close to an annotation.
        fn fragment() -> impl Strategy<Value = String> {
            prop_oneof![
                Just("**".to_string()),
                Just("string".to_string()),
                Just("integer".to_string()),
                Just("enum".to_string()),
                Just("object".to_string()),
                Just(" (".to_string()),
                Just(")".to_string()),
                Just("map<".to_string()),
                Just(", ".to_string()),
                Just(">".to_string()),
                Just("[".to_string()),
                Just("](#".to_string()),
                Just("`".to_string()),
                "[a-zA-Z0-9_.-]{0,6}",
                any::<char>().prop_map(String::from),
            ]
        }

        /// A well-formed annotation, built from the grammar.
        fn annotation(depth: u32) -> BoxedStrategy<String> {
            let leaf = prop_oneof![
                prop_oneof![
                    Just("string"),
                    Just("integer"),
                    Just("number"),
                    Just("boolean")
                ]
                .prop_map(|w| format!("**{w}**")),
                "[a-z0-9-]{1,10}".prop_map(|f| format!("**string** ({f})")),
                "[A-Za-z_][A-Za-z0-9_]{0,8}".prop_map(|n| format!("**enum** ({n})")),
                Just("**object**".to_string()),
                ("[A-Za-z][A-Za-z0-9]{0,8}", "[a-z.]{1,12}")
                    .prop_map(|(n, h)| format!("**[{n}](#{h})**")),
                "[A-Za-z][A-Za-z0-9]{0,8}".prop_map(|n| format!("**`{n}`**")),
            ];
            if depth == 0 {
                return leaf.boxed();
            }
            prop_oneof![
                3 => leaf,
                1 => (annotation(depth - 1), annotation(depth - 1))
                    .prop_map(|(k, v)| format!("**object** (map<{k}, {v}>)")),
            ]
            .boxed()
        }

        proptest! {
            /// Any input: `Ok` having used a prefix of it, or an error whose offset lies
            /// inside it (at a character boundary, so it maps to a line and column).
            #[test]
            fn any_input_gives_ok_or_an_error_inside_it(
                parts in proptest::collection::vec(fragment(), 0..24)
            ) {
                let input = parts.concat();
                match parse(&input) {
                    Ok((_, used)) => {
                        prop_assert!(used <= input.len());
                        prop_assert!(input.is_char_boundary(used));
                    }
                    Err(e) => {
                        prop_assert!(e.offset <= input.len(), "{e:?}");
                        prop_assert!(input.is_char_boundary(e.offset), "{e:?}");
                        prop_assert!(!e.message.is_empty());
                    }
                }
            }

            #[test]
            fn arbitrary_text_never_panics(input in any::<String>()) {
                if let Err(e) = parse(&input) {
                    prop_assert!(e.offset <= input.len() && input.is_char_boundary(e.offset));
                }
            }

            /// Every annotation the grammar describes is read whole, whatever follows it.
            #[test]
            fn grammar_annotations_are_read_whole(a in annotation(2), tail in "[ a-z.]{0,8}") {
                let (_, used) = parse(&a).map_err(|e| TestCaseError::fail(format!("{a}: {e:?}")))?;
                prop_assert_eq!(used, a.len());
                let with_tail = format!("{a}\n{tail}");
                prop_assert_eq!(parse(&with_tail).unwrap().1, a.len());
            }
        }
    }
}
