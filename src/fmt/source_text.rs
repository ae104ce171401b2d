//! What the source text behind a tree tells the builder and the comment
//! attachment: the raw spelling of a literal, where an item really starts
//! (its keyword) and ends (before the white space and comments pest leaves
//! in a rule's span), and where the user left a blank line. Without source
//! text (an imported model) each answers as if nothing were known.

use super::build::Build;
use crate::source::Span;

impl<'a> Build<'a> {
    pub(super) fn raw(&self, span: Span) -> Option<&'a str> {
        self.src.and_then(|s| s.get(span.range()))
    }

    /// Start of the keyword before `pos` on the same line (`owner` of
    /// `owner Team`), so the node's span covers the whole item.
    pub(super) fn kw_start(&self, pos: u32) -> u32 {
        let Some(src) = self.src else { return pos };
        let b = src.as_bytes();
        let mut i = (pos as usize).min(b.len());
        loop {
            while i > 0 && matches!(b[i - 1], b' ' | b'\t') {
                i -= 1;
            }
            match self.comment_ending_at(i) {
                Some(start) => i = start,
                None => break,
            }
        }
        let word_end = i;
        while i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
            i -= 1;
        }
        if i == word_end {
            pos
        } else {
            i as u32
        }
    }

    /// The start of the comment that ends at byte `end`, if one does.
    fn comment_ending_at(&self, end: usize) -> Option<usize> {
        let comments = &self.trivia?.comments;
        let i = comments.partition_point(|c| (c.span.end as usize) < end);
        comments
            .get(i)
            .filter(|c| c.span.end as usize == end)
            .map(|c| c.span.start as usize)
    }

    pub(super) fn with_keyword(&self, span: Span) -> Span {
        Span {
            start: self.kw_start(span.start),
            ..span
        }
    }

    /// Whether two or more line breaks, with only white space between,
    /// come right before `pos`: a blank line the user left.
    pub fn blank_before(&self, pos: u32) -> bool {
        let Some(src) = self.src else { return false };
        let b = src.as_bytes();
        let mut i = (pos as usize).min(b.len());
        let mut breaks = 0;
        while i > 0 && matches!(b[i - 1], b' ' | b'\t' | b'\r' | b'\n' | b',') {
            if b[i - 1] == b'\n' {
                breaks += 1;
            }
            i -= 1;
        }
        breaks >= 2
    }

    /// The span without the white space and comments pest's implicit
    /// skipping leaves at the end of a rule that ends in an optional part.
    pub(super) fn trim_end(&self, span: Span) -> Span {
        let Some(src) = self.src else { return span };
        let b = src.as_bytes();
        let mut end = (span.end as usize).min(b.len());
        let start = span.start as usize;
        loop {
            while end > start && matches!(b[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
                end -= 1;
            }
            match self.comment_ending_at(end) {
                Some(c) if c >= start => end = c,
                _ => break,
            }
        }
        Span {
            end: end as u32,
            ..span
        }
    }
}
