//! One transfer's line of state.ron, written by a small serde serializer of
//! ferry's own. It writes the same compact RON the `ron` crate writes (which
//! reads every line back), at a fraction of the cost: `ron` checks every
//! field name character by character against Unicode tables and formats
//! every number through `fmt`, which made serializing lines most of the
//! engine's work when many small files finish together. Anything this
//! writer does not cover (byte strings, a field name that is not a plain
//! ASCII identifier) is an error, on which the caller writes the line with
//! `ron` instead. Strings are escaped only where they must be, so a line
//! never holds a line break or another control character.

use std::fmt::{self, Display};

use serde::Serialize;
use serde::ser;

/// Why the line was not written (the caller falls back to `ron`).
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    #[error("{0}")]
    Custom(String),
    #[error("not written by the line writer: {0}")]
    Unsupported(&'static str),
}

impl ser::Error for LineError {
    fn custom<T: Display>(message: T) -> Self {
        LineError::Custom(message.to_string())
    }
}

/// Appends `value` to `out` as one line of compact RON.
pub fn write<T: Serialize + ?Sized>(value: &T, out: &mut String) -> Result<(), LineError> {
    value.serialize(&mut LineWriter { out })
}

struct LineWriter<'a> {
    out: &'a mut String,
}

/// Words RON reads as values, which `ron` writes as `r#word` when they name
/// a field or a variant. A `match` on the word: one length test for most
/// names, where a list was compared ten times for every field of every line.
fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "true"
            | "false"
            | "Some"
            | "None"
            | "inf"
            | "inff32"
            | "inff64"
            | "NaN"
            | "NaNf32"
            | "NaNf64"
    )
}

/// The bytes of a plain identifier, as a table: every field name of every
/// line is checked, and a test of ranges per byte took about a sixth of a
/// line's instructions.
const IDENTIFIER_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric() || byte == b'_' as usize;
        byte += 1;
    }
    table
};

impl LineWriter<'_> {
    fn identifier(&mut self, name: &'static str) -> Result<(), LineError> {
        let bytes = name.as_bytes();
        let plain = bytes.first().is_some_and(|first| !first.is_ascii_digit())
            && bytes
                .iter()
                .all(|&byte| IDENTIFIER_BYTES[usize::from(byte)])
            && !is_reserved(name);
        if !plain {
            return Err(LineError::Unsupported(name));
        }
        self.out.push_str(name);
        Ok(())
    }

    fn integer(&mut self, value: impl itoa::Integer) {
        self.out.push_str(itoa::Buffer::new().format(value));
    }

    fn float(&mut self, value: impl fmt::Debug, is_negative_nan: bool) {
        use std::fmt::Write;
        // As `ron` writes it: Debug gives the shortest text that reads back
        // and always a `.0` or an exponent, so it never reads as an integer.
        if is_negative_nan {
            self.out.push('-');
        }
        let _ = write!(self.out, "{value:?}");
    }

    fn string(&mut self, value: &str) {
        self.out.push('"');
        if !has_byte_to_escape(value.as_bytes()) {
            self.out.push_str(value);
        } else {
            // The bytes to escape are ASCII, so the runs between them are
            // whole characters, copied as they are.
            let mut run_start = 0;
            for (index, byte) in value.bytes().enumerate() {
                if needs_escape(byte) {
                    self.out.push_str(&value[run_start..index]);
                    self.escape(byte);
                    run_start = index + 1;
                }
            }
            self.out.push_str(&value[run_start..]);
        }
        self.out.push('"');
    }

    fn escape(&mut self, byte: u8) {
        use std::fmt::Write;
        match byte {
            b'"' => self.out.push_str("\\\""),
            b'\\' => self.out.push_str("\\\\"),
            b'\n' => self.out.push_str("\\n"),
            b'\r' => self.out.push_str("\\r"),
            b'\t' => self.out.push_str("\\t"),
            other => {
                let _ = write!(self.out, "\\u{{{other:x}}}");
            }
        }
    }
}

/// Bytes a quoted string cannot hold as they are: the quote, the escape
/// character and the control characters (so a line stays one line).
fn needs_escape(byte: u8) -> bool {
    byte == b'"' || byte == b'\\' || byte.is_ascii_control()
}

/// Whether `text` holds a byte `needs_escape` picks, eight bytes at a
/// time rather than byte by byte (every string of every line is checked).
fn has_byte_to_escape(text: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH_BITS: u64 = ONES * 0x80;
    // Some byte of `word` is below `limit` (at most 0x80) exactly when a
    // high bit is set in `word - limit` per byte that was clear in `word`:
    // a borrow only starts at a byte below the limit.
    let any_below =
        |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH_BITS != 0;
    let any_equal = |word: u64, byte: u8| any_below(word ^ (ONES * u64::from(byte)), 1);
    let mut chunks = text.chunks_exact(8);
    let found = chunks.by_ref().any(|chunk| {
        let word = u64::from_ne_bytes(chunk.try_into().expect("chunks of eight"));
        any_below(word, 0x20)
            || any_equal(word, b'"')
            || any_equal(word, b'\\')
            || any_equal(word, 0x7f)
    });
    found || chunks.remainder().iter().any(|&byte| needs_escape(byte))
}

/// Integers are written in decimal, as `ron` writes them.
macro_rules! serialize_integers {
    ($($method:ident: $integer:ty),*) => {$(
        fn $method(self, value: $integer) -> Result<(), LineError> {
            self.integer(value);
            Ok(())
        }
    )*};
}

impl<'a, 'b> ser::Serializer for &'a mut LineWriter<'b> {
    type Ok = ();
    type Error = LineError;
    type SerializeSeq = Compound<'a, 'b>;
    type SerializeTuple = Compound<'a, 'b>;
    type SerializeTupleStruct = Compound<'a, 'b>;
    type SerializeTupleVariant = Compound<'a, 'b>;
    type SerializeMap = Compound<'a, 'b>;
    type SerializeStruct = Compound<'a, 'b>;
    type SerializeStructVariant = Compound<'a, 'b>;

    fn serialize_bool(self, value: bool) -> Result<(), LineError> {
        self.out.push_str(if value { "true" } else { "false" });
        Ok(())
    }

    serialize_integers!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64
    );

    fn serialize_i128(self, _value: i128) -> Result<(), LineError> {
        // `ron` is built without 128-bit integers and could not read it.
        Err(LineError::Unsupported("a 128-bit integer"))
    }

    fn serialize_u128(self, _value: u128) -> Result<(), LineError> {
        Err(LineError::Unsupported("a 128-bit integer"))
    }

    fn serialize_f32(self, value: f32) -> Result<(), LineError> {
        self.float(value, value.is_nan() && value.is_sign_negative());
        Ok(())
    }

    fn serialize_f64(self, value: f64) -> Result<(), LineError> {
        self.float(value, value.is_nan() && value.is_sign_negative());
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), LineError> {
        self.out.push('\'');
        if value == '\'' || value == '\\' || value.is_control() {
            self.out.extend(value.escape_debug());
        } else {
            self.out.push(value);
        }
        self.out.push('\'');
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), LineError> {
        self.string(value);
        Ok(())
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<(), LineError> {
        Err(LineError::Unsupported("a byte string"))
    }

    fn serialize_none(self) -> Result<(), LineError> {
        self.out.push_str("None");
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), LineError> {
        self.out.push_str("Some(");
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_unit(self) -> Result<(), LineError> {
        self.out.push_str("()");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), LineError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), LineError> {
        self.identifier(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), LineError> {
        self.out.push('(');
        value.serialize(&mut *self)?;
        self.out.push(')');
        Ok(())
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), LineError> {
        self.identifier(variant)?;
        self.serialize_newtype_struct("", value)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'b>, LineError> {
        Ok(Compound::open(self, '[', ']'))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a, 'b>, LineError> {
        Ok(Compound::open(self, '(', ')'))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>, LineError> {
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'b>, LineError> {
        Compound::open_variant(self, variant)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 'b>, LineError> {
        Ok(Compound::open(self, '{', '}'))
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>, LineError> {
        self.serialize_tuple(len)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'b>, LineError> {
        Compound::open_variant(self, variant)
    }
}

/// A sequence, tuple, map or struct being written: its members separated
/// by commas, then its closing bracket.
pub struct Compound<'a, 'b> {
    writer: &'a mut LineWriter<'b>,
    close: char,
    first: bool,
}

impl<'a, 'b> Compound<'a, 'b> {
    fn open(writer: &'a mut LineWriter<'b>, open: char, close: char) -> Self {
        writer.out.push(open);
        Compound {
            writer,
            close,
            first: true,
        }
    }

    /// `Variant(` … `)`: the members of a tuple or struct variant.
    fn open_variant(
        writer: &'a mut LineWriter<'b>,
        variant: &'static str,
    ) -> Result<Self, LineError> {
        writer.identifier(variant)?;
        Ok(Compound::open(writer, '(', ')'))
    }

    fn separate(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.writer.out.push(',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), LineError> {
        self.separate();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), LineError> {
        self.separate();
        self.writer.identifier(key)?;
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }

    fn close(self) -> Result<(), LineError> {
        self.writer.out.push(self.close);
        Ok(())
    }
}

/// The serde traits of members without names (sequences, tuples, tuple
/// structs and variants): each member is an element.
macro_rules! members_without_names {
    ($($serde_trait:ident :: $method:ident),*) => {$(
        impl ser::$serde_trait for Compound<'_, '_> {
            type Ok = ();
            type Error = LineError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), LineError> {
                self.element(value)
            }

            fn end(self) -> Result<(), LineError> {
                self.close()
            }
        }
    )*};
}

members_without_names!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The serde traits of named members (structs and struct variants).
macro_rules! named_members {
    ($($serde_trait:ident),*) => {$(
        impl ser::$serde_trait for Compound<'_, '_> {
            type Ok = ();
            type Error = LineError;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), LineError> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), LineError> {
                self.close()
            }
        }
    )*};
}

named_members!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = LineError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), LineError> {
        self.element(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), LineError> {
        self.writer.out.push(':');
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), LineError> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::Deserialize;

    use super::*;

    #[test]
    fn every_byte_to_escape_is_found_wherever_it_is() {
        let special = (0_u8..0x20).chain([b'"', b'\\', 0x7f]);
        for byte in special {
            for length in 1..=20 {
                for position in 0..length {
                    let mut text = vec![b'a'; length];
                    text[position] = byte;
                    assert!(
                        has_byte_to_escape(&text),
                        "{byte:#x} at {position} of {length}"
                    );
                }
            }
        }
        // Neighbours of the special bytes, and bytes of other characters.
        let plain = "!#[]^~ ÿü✓ 0123456789 azAZ _-.:/?=&%+ \u{80}\u{7ff}";
        for length in 0..=plain.len() {
            assert!(!has_byte_to_escape(&plain.as_bytes()[..length]));
        }
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Newtype(u32);

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Pair(i8, String);

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Nothing;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Shape {
        Unit,
        Newtype(String),
        Tuple(u8, Option<bool>),
        Struct { width: u16, height: i32 },
    }

    /// Every shape serde can hand a serializer, but byte strings.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Everything {
        yes: bool,
        small: i8,
        negative: i64,
        large: u64,
        float: f64,
        tiny: f32,
        letter: char,
        quote: char,
        tab: char,
        text: String,
        nothing: Option<u8>,
        nested: Option<Option<Option<String>>>,
        unit: (),
        unit_struct: Nothing,
        newtype: Newtype,
        pair: Pair,
        tuple: (u8, String, f64),
        list: Vec<Shape>,
        map: BTreeMap<String, Vec<u32>>,
        #[serde(rename = "_underscore9")]
        renamed: u8,
    }

    fn everything(text: &str) -> Everything {
        Everything {
            yes: true,
            small: -128,
            negative: i64::MIN,
            large: u64::MAX,
            float: 1e300,
            tiny: -0.0,
            letter: 'é',
            quote: '\'',
            tab: '\t',
            text: text.to_owned(),
            nothing: None,
            nested: Some(Some(None)),
            unit: (),
            unit_struct: Nothing,
            newtype: Newtype(7),
            pair: Pair(-1, "a \"pair\"".to_owned()),
            tuple: (0, String::new(), 0.5),
            list: vec![
                Shape::Unit,
                Shape::Newtype("new\\type".to_owned()),
                Shape::Tuple(255, Some(false)),
                Shape::Struct {
                    width: 1,
                    height: -2,
                },
            ],
            map: BTreeMap::from([
                ("one".to_owned(), vec![1]),
                ("with \"quotes\"\n".to_owned(), vec![]),
            ]),
            renamed: 9,
        }
    }

    fn line_of<T: Serialize>(value: &T) -> String {
        let mut line = String::new();
        write(value, &mut line).expect("written");
        line
    }

    #[test]
    fn every_shape_reads_back_with_ron_from_one_line() {
        for text in [
            "",
            "plain",
            "\"quoted\" and back\\slashed",
            "r#\"raw\"#",
            "line\nbreak\r\tand \u{7f} and \u{0}",
            "ünïcödé → 雪 \u{200b} \u{301}",
        ] {
            let value = everything(text);
            let line = line_of(&value);
            assert!(
                !line.bytes().any(|byte| byte.is_ascii_control()),
                "control character in {line:?}"
            );
            let read: Everything = ron::from_str(&line)
                .unwrap_or_else(|error| panic!("{line} does not read back: {error}"));
            assert_eq!(read, value, "{line}");
        }
    }

    #[test]
    fn a_line_is_what_ron_writes_compactly() {
        let value = Shape::Struct {
            width: 3,
            height: 4,
        };
        assert_eq!(line_of(&value), "Struct(width:3,height:4)");
        assert_eq!(
            line_of(&(Some("a"), None::<u8>, vec![1, 2])),
            r#"(Some("a"),None,[1,2])"#
        );
    }

    #[test]
    fn what_the_writer_does_not_cover_is_refused_not_written_wrong() {
        #[derive(Serialize)]
        struct OddName {
            #[serde(rename = "größe")]
            size: u8,
        }
        #[derive(Serialize)]
        struct Reserved {
            #[serde(rename = "true")]
            flag: bool,
        }
        #[derive(Serialize)]
        struct DigitFirst {
            #[serde(rename = "9lives")]
            lives: u8,
        }
        #[derive(Serialize)]
        struct Spaced {
            #[serde(rename = "two words")]
            words: u8,
        }
        #[derive(Serialize)]
        struct Bytes {
            #[serde(with = "serde_bytes_like")]
            data: Vec<u8>,
        }
        mod serde_bytes_like {
            pub fn serialize<S: serde::Serializer>(data: &[u8], s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(data)
            }
        }
        assert!(write(&OddName { size: 1 }, &mut String::new()).is_err());
        assert!(write(&Reserved { flag: true }, &mut String::new()).is_err());
        assert!(write(&DigitFirst { lives: 9 }, &mut String::new()).is_err());
        assert!(write(&Spaced { words: 2 }, &mut String::new()).is_err());
        assert!(write(&u128::MAX, &mut String::new()).is_err());
        assert!(
            write(
                &Bytes {
                    data: vec![1, 2, 3]
                },
                &mut String::new()
            )
            .is_err()
        );
    }

    proptest! {
        #[test]
        fn any_string_and_float_read_back(text in any::<String>(), float in any::<f64>(), letter in any::<char>()) {
            let value = (text, float, letter);
            let line = line_of(&value);
            prop_assert!(!line.bytes().any(|byte| byte.is_ascii_control()));
            let read: (String, f64, char) = ron::from_str(&line).expect("reads back");
            prop_assert_eq!(&read.0, &value.0);
            prop_assert_eq!(read.2, value.2);
            if float.is_nan() {
                prop_assert!(read.1.is_nan());
            } else {
                prop_assert_eq!(read.1.to_bits(), value.1.to_bits());
            }
        }
    }
}
