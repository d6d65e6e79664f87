//! Which organism a text is about, from the words that name one.
//!
//! Orthologous genes share names (`BACH2` in human, `Bach2` in mouse), so
//! a gene mention is normalised to the organism the text is about: the
//! organism named nearest before it in its sentence (`mouse Bach2`), else
//! the one the whole text names most, else human. These are the cue words
//! (after tokenisation: lower case) and the NCBI Taxonomy ids they stand
//! for; several organisms are listed only so that a yeast or fly abstract
//! is not read as human.

use locus_model::TaxId;

/// Human.
pub const HUMAN: TaxId = TaxId(9606);
/// House mouse.
pub const MOUSE: TaxId = TaxId(10090);

/// The organism a cue word names.
pub fn cue(word: &str) -> Option<TaxId> {
    Some(TaxId(match word {
        "human" | "humans" | "patient" | "patients" | "man" | "men" | "woman" | "women"
        | "child" | "children" | "infant" | "infants" | "sapiens" | "volunteers" | "donors" => 9606,
        "mouse" | "mice" | "murine" | "musculus" => 10090,
        "rat" | "rats" | "norvegicus" => 10116,
        "yeast" | "cerevisiae" => 559292,
        "pombe" => 284812,
        "drosophila" | "melanogaster" => 7227,
        "zebrafish" | "rerio" => 7955,
        "elegans" => 6239,
        "arabidopsis" | "thaliana" => 3702,
        "xenopus" | "laevis" => 8355,
        "chicken" | "chick" | "gallus" => 9031,
        "bovine" | "cattle" | "taurus" => 9913,
        "porcine" | "pig" | "pigs" | "scrofa" => 9823,
        "coli" => 562,
        _ => return None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_words_name_organisms() {
        assert_eq!(cue("mice"), Some(MOUSE));
        assert_eq!(cue("patients"), Some(HUMAN));
        assert_eq!(cue("cells"), None);
    }
}
