#!/usr/bin/env python3
"""Builds the sacreBLEU reference cases that TernEvalTests checks Tern's BLEU, chrF and TER against.

Usage (from anywhere):

    pip install sacrebleu==2.6.0
    python3 Tests/TernEvalTests/Fixtures/make_cases.py

Writes sacrebleu_cases.json next to this script. Every case holds the hypothesis and reference
lines themselves, so the Swift tests need neither Python nor the corpus to run. The perturbed
Bible cases use a fixed seed, so re-running the script reproduces the same JSON byte for byte.

TER is recorded with sacreBLEU's defaults (case-insensitive) and, as `ter_case_sensitive`, with
`case_sensitive=True`. The `ter_*` cases aim at its shift search: blocks moved near and far,
longer than its 10-word limit, sentences of very different lengths (a wider beam), and noisy
shuffles over a tiny vocabulary, some of which exhaust its budget of 1000 candidate shifts; the
script prints how many steps ran out of budget, so a regenerated fixture can be seen to still
cover that rule.
"""

import json
import random
from pathlib import Path

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER, lib_ter

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
CORPUS = REPO / "corpora" / "bible-en-es"


def read_lines(path, limit=None):
    with open(path, encoding="utf-8", newline="\n") as handle:
        lines = [line.rstrip() for line in handle]
    return lines[:limit] if limit is not None else lines


def perturb(lines, seed, drop=0.1, swap=0.1, replace=0.05):
    """Drops, swaps and replaces words with a fixed seed: a stand-in for a mediocre system."""
    rng = random.Random(seed)
    vocabulary = sorted({word for line in lines for word in line.split()})
    output = []
    for line in lines:
        words = [w for w in line.split() if rng.random() >= drop]
        for i in range(len(words) - 1):
            if rng.random() < swap:
                words[i], words[i + 1] = words[i + 1], words[i]
        words = [rng.choice(vocabulary) if rng.random() < replace else w for w in words]
        output.append(" ".join(words))
    return output


def word_salad(seed, count, vocabulary, length_range):
    rng = random.Random(seed)
    return [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(*length_range))) for _ in range(count)]


def moved_blocks(rng, words, moves):
    """Moves up to `moves` random blocks of 1-12 words to random places."""
    words = list(words)
    for _ in range(moves):
        if len(words) < 3:
            break
        start = rng.randrange(len(words))
        length = rng.randint(1, min(12, len(words) - start))
        block, rest = words[start:start + length], words[:start] + words[start + length:]
        target = rng.randrange(len(rest) + 1)
        words = rest[:target] + block + rest[target:]
    return words


def tiny_vocabulary_shuffles(seed, count, length_range, noise):
    """Sentences over eight words, with blocks moved and words replaced: many equal blocks, many tied shifts."""
    rng = random.Random(seed)
    vocabulary = "a b c d e f g h".split()
    hypotheses, references = [], []
    for _ in range(count):
        reference = [rng.choice(vocabulary) for _ in range(rng.randint(*length_range))]
        hypothesis = moved_blocks(rng, reference, rng.randint(1, 4))
        hypothesis = [rng.choice(vocabulary) if rng.random() < noise else w for w in hypothesis]
        hypotheses.append(" ".join(hypothesis))
        references.append(" ".join(reference))
    return hypotheses, references


def build_cases():
    cases = []

    def add(name, hypotheses, references):
        assert len(hypotheses) == len(references), name
        cases.append((name, list(hypotheses), list(references)))

    sentence = "The quick brown fox jumps over the lazy dog."
    add("perfect_single", [sentence], [sentence])
    add("perfect_multi", ["Hello there, my friend.", "It is raining today.", "¿Cómo estás?"],
        ["Hello there, my friend.", "It is raining today.", "¿Cómo estás?"])
    add("perfect_two_words", ["the cat"], ["the cat"])
    add("empty_hypotheses", ["", "", ""], ["a cat sat on the mat", "the dog barked loudly at night", "yes"])
    add("empty_references", ["a cat sat on the mat", "the dog barked", "yes"], ["", "", ""])
    add("all_empty", ["", "", ""], ["", "", ""])
    add("single_empty_pair", [""], [""])
    add("empty_lines_mixed",
        ["the cat sat on the mat", "", "a dog is here today", "", "birds fly south in winter"],
        ["the cat sat on a mat", "", "the dog is here now", "something was said", "birds fly south in the winter"])
    add("short_one_to_three_words",
        ["yes", "no way", "the cat sat", "hello", "good morning"],
        ["yes", "no", "a cat sat", "hello there", "good morning"])
    add("clipping_tie_the", ["the the the"], ["the cat"])
    add("clipping_papineni", ["the the the the the the the"], ["the cat is on the mat"])
    add("clipping_bigrams", ["the cat the cat the cat on the mat"], ["the cat is on the mat with the cat"])
    add("punctuation_ascii",
        ["Hello, world! (test) [x] {y} a/b @home #tag $5 50% a^b under_score `tick` a|b ~tilde; a:b \"q\" 'apos' <tag>"],
        ["Hello, world! (test) [x] {y} a/b @home #tag $5 50% a^b under_score `tick` a|b ~tilde; a:b \"q\" 'apos' <tag>!"])
    add("accents_spanish",
        ["¿Dónde está la estación? ¡Allí, señor!", "El niño comió pequeñas piñas.", "Él llegó á Moisés."],
        ["¿Dónde está la estación de tren? ¡Allí!", "El niño comió piñas pequeñas.", "Y él llegó a Moisés."])
    add("inverted_marks_attached",
        ["¿Qué?¡No!", "¡¡Vamos!!", "¿Sí o no?"],
        ["¿Qué? ¡No!", "¡Vamos!", "¿Sí, o no?"])
    add("html_entities",
        ["He said &quot;hi&quot; &amp; left &lt;b&gt; bold &amp;quot; &amp;amp; &nbsp; AT&T",
         "R&amp;D costs &gt; 5"],
        ["He said \"hi\" & left <b> bold &quot; &amp; &nbsp; AT&T", "R&D costs > 5"])
    add("numbers",
        ["It costs 1,000.5 dollars or 1.000,50 euros.", "Pi is 3.14, e is 2.718.", "Pages 10-20 and 2-3 km.",
         "In 1999, 5,000 people came.", ",5 and .5 and 5. and 5,"],
        ["It costs 1,000.5 dollars, or 1.000,50 euros.", "Pi is 3.14; e is 2.72.", "Pages 10 - 20 and 2-3 km.",
         "In 1999 5,000 people came.", "0,5 and 0.5 and 5 and 5"])
    add("periods_commas",
        ["Mr. Smith met Dr. Jones in the U.S.A. e.g., yesterday...", "a..b c,,d 1.5.3 x,y.z", "End. Start, again."],
        ["Mr Smith met Dr. Jones in the USA, e.g. yesterday.", "a.b c,d 1.5.3 x,y.z", "End. Start again."])
    add("hyphens_and_dashes",
        ["well-known state-of-the-art co-operation", "a - b -- c --- d", "x-1 1-x 1-2-3 -5 5-"],
        ["well known state of the art cooperation", "a - b -- c - d", "x-1 1-x 1-2-3 -5 5-"])
    add("skipped_and_newlines",
        ["the <skipped> cat sat on the mat", "a long-\nword appears\nhere", "<skipped>"],
        ["the cat sat on the mat", "a longword appears here", ""])
    add("unicode_punctuation",
        ["“Smart quotes” and ‘single’ — an em dash – en dash … ellipsis «guillemets» 「括弧」",
         "¿Por qué? ¡Porque sí! · • ‰ ™"],
        ["“Smart quotes” and 'single' - an em dash – en dash ... ellipsis «guillemets» 「括弧」",
         "¿Por qué? ¡Porque sí!"])
    add("apostrophes", ["don't l'homme it's rock'n'roll 'quoted'"], ["do not l' homme it 's rock'n'roll 'quoted'"])
    add("case_sensitive", ["The Cat SAT on THE mat", "HELLO world"], ["the cat sat on the mat", "hello world"])
    add("whitespace_variants",
        ["  the\tcat  sat \u00a0on\u3000the mat  ", "a\u2009b\u202fc\u2028d", "\x1cfoo\x1fbar\x85baz", "tab\there \x0b vt \x0c ff\r"],
        ["the cat sat on the mat", "a b c d", "foo bar baz", "tab here vt ff"])
    add("combining_vs_precomposed",
        ["cafe\u0301 nin\u0303o re\u0301sume\u0301", "café niño"],
        ["café niño résumé", "cafe\u0301 nin\u0303o"])
    add("emoji_cjk",
        ["I ❤️ 北京 🙂🙂 and 東京", "👍🏽 good 日本語のテキスト"],
        ["I ❤ 北京 🙂 and 東京", "👍 good 日本語 の テキスト"])
    add("no_matches", ["alpha beta gamma delta epsilon", "zeta eta theta iota"],
        ["one two three four five", "six seven eight nine"])
    add("unigram_matches_only", ["cat the mat on sat dog", "fox brown quick the"],
        ["the cat sat on the mat", "the quick brown fox"])
    add("bigram_max_matches", ["the cat x on the y", "quick brown z w"],
        ["the cat sat on the mat", "the quick brown fox"])
    add("trigram_max_matches", ["the cat sat x on the mat y"], ["the cat sat on the mat today"])
    add("hyp_longer_than_ref",
        ["the cat sat on the mat and then it slept for a very long time indeed"], ["the cat sat on the mat"])
    add("hyp_much_shorter",
        ["the cat", "a dog ran"], ["the cat sat on the mat in the house", "a dog ran across the field very fast"])
    add("short_corpus_no_fourgrams", ["a b c", "d e", "f"], ["a b c", "d e", "f"])
    add("chrf_single_chars", ["a b c d", "x", "!", "?!"], ["a b c", "x", "!", "!?"])
    add("chrf_punctuation_only", ["... !!! ???", ",,,"], ["...", ",,, ;;;"])
    add("long_sentence",
        [" ".join(f"w{i % 37} token{i % 11}," for i in range(120))],
        [" ".join(f"w{i % 37} token{i % 13}." for i in range(115))])

    # Bible corpus cases: real Spanish text with accents, ¿¡ and punctuation, scored against perturbed copies.
    spanish = read_lines(CORPUS / "test.es", limit=400)
    add("bible_es_perturbed_400", perturb(spanish, seed=13), spanish)
    add("bible_es_heavily_perturbed_300",
        perturb(spanish[:300], seed=29, drop=0.3, swap=0.3, replace=0.2), spanish[:300])
    add("bible_es_shifted_200", spanish[1:201], spanish[:200])
    english_test = read_lines(CORPUS / "test.en", limit=250)
    add("bible_en_perturbed_250", perturb(english_test, seed=7, drop=0.15, swap=0.05, replace=0.1), english_test)
    dev_es = read_lines(CORPUS / "dev.es", limit=150)
    add("bible_es_perturbed_with_empties_150",
        [("" if i % 17 == 0 else line) for i, line in enumerate(perturb(dev_es, seed=3))],
        [("" if i % 23 == 0 else line) for i, line in enumerate(dev_es)])
    vocabulary = sorted({w for line in spanish for w in line.split()})[:300]
    add("word_salad_100", word_salad(101, 100, vocabulary, (0, 25)), word_salad(202, 100, vocabulary, (1, 25)))

    # TER: shifts, lowercasing and the limits of its search.
    add("ter_one_block_shift", ["on the mat the cat sat", "sat the cat on the mat"],
        ["the cat sat on the mat", "the cat sat on the mat"])
    add("ter_case_only", ["THE Cat SAT", "Hello World"], ["the cat sat", "hello world"])
    add("ter_lowercase_unicode",
        ["ΟΔΟΣ ΣΑΣ Σ ΑΣ. Σ'Σ", "İSTANBUL ÉCOLE STRAẞE ǅEMAL", "ÀÉÎÕÜ ÑANDÚ"],
        ["οδος σας σ ας. σ'ς", "i̇stanbul école straße ǆemal", "àéîõü ñandú"])
    twelve = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12".split()
    add("ter_block_longer_than_ten", [" ".join(["x", "y"] + twelve)], [" ".join(twelve + ["x", "y"])])
    long_words = [f"t{i}" for i in range(70)]
    add("ter_shift_farther_than_fifty", [" ".join(long_words[60:] + long_words[:60])], [" ".join(long_words)])
    add("ter_hypothesis_far_shorter", ["t5", "t3 t90"], [" ".join(long_words + long_words[:50]), " ".join(long_words)])
    add("ter_hypothesis_far_longer", [" ".join(long_words + long_words[:50])], ["t5 t6"])
    add("ter_repeated_words", ["the the cat the mat on sat the", "a a a b b b a a"],
        ["the cat sat on the mat the the", "b b a a a a b a"])
    add("ter_tiny_vocabulary_shuffles_120", *tiny_vocabulary_shuffles(31, 120, (0, 60), noise=0.2))
    add("ter_tiny_vocabulary_long_noisy_12", *tiny_vocabulary_shuffles(77, 12, (80, 110), noise=0.3))
    bible_moved = [" ".join(moved_blocks(random.Random(i), line.split(), 2)) for i, line in enumerate(spanish[:200])]
    add("bible_es_blocks_moved_200", bible_moved, spanish[:200])
    return cases


def tokenizer_cases(seed=2024, count=400):
    """Random strings over the characters 13a's rules react to, with sacreBLEU's tokenisation of each.

    Dense runs of digits, periods, commas and dashes exercise the non-overlapping scan of Python's re.sub.
    """
    rng = random.Random(seed)
    alphabet = ["a", "b", "1", "2", ".", ",", "-", " ", " ", "\n", "&", ";", "<", ">", "'", "é", "¿", "(", "/",
                "&amp;", "&quot;", "&lt;", "<skipped>", "-\n", "\u00a0", "\t", "\u0301"]
    tokenizer = BLEU().tokenizer
    cases = []
    for _ in range(count):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        cases.append({"input": text, "tokens": tokenizer(text)})
    return cases


def count_exhausted_searches():
    """Wraps sacreBLEU's shift step to count the steps after which the candidate budget is spent."""
    counts = {"steps": 0, "with_gain": 0}
    original = lib_ter._shift

    def counting_shift(words_h, words_r, cached_ed, checked_candidates):
        delta, words, checked = original(words_h, words_r, cached_ed, checked_candidates)
        if checked >= lib_ter._MAX_SHIFT_CANDIDATES:
            counts["steps"] += 1
            counts["with_gain"] += delta > 0
        return delta, words, checked

    lib_ter._shift = counting_shift
    return counts


def main():
    bleu = BLEU()
    chrf = CHRF()
    ter = TER()
    ter_cased = TER(case_sensitive=True)
    exhausted = count_exhausted_searches()
    records = []
    for name, hypotheses, references in build_cases():
        bleu_score = bleu.corpus_score(hypotheses, [references])
        chrf_score = chrf.corpus_score(hypotheses, [references])
        ter_score = ter.corpus_score(hypotheses, [references])
        ter_cased_score = ter_cased.corpus_score(hypotheses, [references])
        records.append({
            "name": name,
            "hypotheses": hypotheses,
            "references": references,
            "bleu": {
                "score": bleu_score.score,
                "precisions": bleu_score.precisions,
                "bp": bleu_score.bp,
                "ratio": bleu_score.ratio,
                "sys_len": bleu_score.sys_len,
                "ref_len": bleu_score.ref_len,
                "counts": [int(c) for c in bleu_score.counts],
                "totals": [int(t) for t in bleu_score.totals],
                "line": bleu_score.format(),
                "signature": bleu.get_signature().format(),
            },
            "chrf": {
                "score": chrf_score.score,
                "line": chrf_score.format(),
                "signature": chrf.get_signature().format(),
            },
            "ter": {
                "score": ter_score.score,
                "num_edits": ter_score.num_edits,
                "ref_length": ter_score.ref_length,
                "line": ter_score.format(),
                "signature": ter.get_signature().format(),
            },
            "ter_case_sensitive": {
                "score": ter_cased_score.score,
                "num_edits": ter_cased_score.num_edits,
                "ref_length": ter_cased_score.ref_length,
                "line": ter_cased_score.format(),
                "signature": ter_cased.get_signature().format(),
            },
        })
    output = {"sacrebleu_version": sacrebleu.__version__, "cases": records, "tokenizer_cases": tokenizer_cases()}
    path = HERE / "sacrebleu_cases.json"
    path.write_text(json.dumps(output, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(records)} metric cases and {len(output['tokenizer_cases'])} tokenizer cases to {path}")
    print(f"TER shift searches that spent the candidate budget: {exhausted['steps']} "
          f"({exhausted['with_gain']} of them discarding an improving shift)")


if __name__ == "__main__":
    main()
