# ferry's words in English: the source every other language translates,
# and the fallback for a message a language lacks. See docs/translating.md.
