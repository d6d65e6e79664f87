//! Literature by topic on the demo store: BACH1's 41 GeneRIFs (Pharos'
//! BACH1 table) and the tagged demo papers, grouped under WikiGenes'
//! topics by the written rules; the section, the page, the API and TSV,
//! and the link that takes a statement into the wiki editor.

mod common;

use axum::http::StatusCode;
use common::{get, get_json, router};

/// The GeneRIF rows of BACH1's literature TSV: topic and sentence.
async fn generif_topics(app: &axum::Router) -> Vec<(String, String)> {
    let (status, ctype, tsv) = get(app, "/api/v1/genes/BACH1/literature?format=tsv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/tab-separated-values"), "{ctype}");
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next(),
        Some("gene_id\ttopic\tsource\tpmids\tsentence\twhy\tmentions")
    );
    lines
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c[2] == "generif")
        .map(|c| (c[1].to_string(), c[4].to_string()))
        .collect()
}

#[tokio::test]
async fn bach1_generifs_are_grouped_by_topic() {
    let app = router();
    let rows = generif_topics(&app).await;
    // Every one of the 41 GeneRIFs is there (a GeneRIF of two sentences
    // gives two statements).
    let (_, _, rifs) = get(&app, "/api/v1/genes/BACH1/generifs?format=tsv").await;
    let texts: Vec<&str> = rifs
        .lines()
        .skip(1)
        .map(|l| l.split('\t').nth(3).expect("generif_text"))
        .collect();
    assert_eq!(texts.len(), 41);
    for t in &texts {
        assert!(
            rows.iter().any(|(_, s)| t.starts_with(s.as_str())),
            "GeneRIF missing: {t}"
        );
    }
    let topic_of = |start: &str| -> &str {
        &rows
            .iter()
            .find(|(_, s)| s.starts_with(start))
            .unwrap_or_else(|| panic!("no statement starts with {start}"))
            .0
    };
    // The tagger finds "ischemic injury" (MeSH D017202).
    assert_eq!(topic_of("Bach1 suppresses angiogenesis"), "disease");
    // "gold" is a chemical (MeSH D006046).
    assert_eq!(
        topic_of("heme oxygenase-1 expression is induced by gold"),
        "chemical"
    );
    // MafK named, with "regulate".
    assert_eq!(
        topic_of("Data indicate that transcription factors MafK and Bach1"),
        "regulatory"
    );
    // beta-globin named, with "binding".
    assert_eq!(
        topic_of("Bach1 binding to the Maf recognition element"),
        "physical"
    );
    // The fetal brain: cerebral cortex.
    assert_eq!(
        topic_of("BACH1 protein is significantly overexpressed in fetal Down syndrome"),
        "anatomical"
    );
    let table: String = rows
        .iter()
        .map(|(topic, s)| format!("{topic:<18} {s}\n"))
        .collect();
    insta::assert_snapshot!("bach1_generif_topics", table);
}

#[tokio::test]
async fn literature_api_pages_topics_and_numbers_references() {
    let app = router();
    let all = get_json(&app, "/api/v1/genes/BACH1/literature?limit=2").await;
    assert_eq!(all["symbol"], "BACH1");
    let topics = all["topics"].as_array().expect("topics");
    assert_eq!(topics.len(), 9, "every topic, even an empty one");
    let sum: u64 = topics.iter().map(|t| t["total"].as_u64().unwrap()).sum();
    assert_eq!(sum, all["sentences"].as_u64().unwrap());
    // References are numbered by first use, one number per PMID.
    let refs = all["references"].as_array().unwrap();
    for (i, r) in refs.iter().enumerate() {
        assert_eq!(r["number"].as_u64(), Some(i as u64 + 1));
    }
    let first = &topics[0]["statements"][0];
    assert_eq!(first["references"][0], 1);
    assert_eq!(refs[0]["pmid"], first["pmids"][0]);
    assert!(first["wiki_markdown"]
        .as_str()
        .unwrap()
        .ends_with(&format!("[@pmid:{}]", first["pmids"][0])));
    assert!(first["why"]
        .as_str()
        .unwrap()
        .starts_with("Disease relevance of BACH1: names the disease"));

    let one = get_json(
        &app,
        "/api/v1/genes/BACH1/literature?topic=regulatory&offset=1&limit=3",
    )
    .await;
    let topics = one["topics"].as_array().unwrap();
    assert_eq!(topics.len(), 1);
    assert_eq!(topics[0]["topic"], "regulatory");
    assert_eq!(topics[0]["offset"], 1);
    assert_eq!(topics[0]["statements"].as_array().unwrap().len(), 3);
    // Only the sentences that also name HMOX1 (GeneID 3162).
    let with = get_json(&app, "/api/v1/genes/BACH1/literature?with=3162&limit=1000").await;
    assert_eq!(with["with"], "3162");
    let mut n = 0;
    for t in with["topics"].as_array().unwrap() {
        for st in t["statements"].as_array().unwrap() {
            n += 1;
            assert!(
                st["mentions"].as_array().unwrap().iter().any(|m| m["ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|i| i == "3162")),
                "{st}"
            );
        }
    }
    assert!(
        n > 5 && n < all["sentences"].as_u64().unwrap() as usize,
        "{n}"
    );
    let (status, _, body) = get(&app, "/api/v1/genes/BACH1/literature?topic=gossip").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("topic is one of disease, high_impact"));

    // The text-mined score beside the PubMed numbers.
    let summary = get_json(&app, "/api/v1/genes/BACH1/summary").await;
    let papers = summary["stats"]["text_mined_papers"].as_u64().unwrap();
    let score = summary["stats"]["text_mined_score"].as_f64().unwrap();
    assert!(
        papers > 0 && score > 0.0 && score <= papers as f64,
        "{summary}"
    );
}

#[tokio::test]
async fn the_page_and_the_section_show_statements_with_why_and_a_way_into_the_wiki() {
    let app = router();
    let (status, _, html) = get(&app, "/genes/BACH1/literature").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Disease relevance of BACH1"));
    assert!(html.contains("How sentences are grouped"));
    assert!(html.contains(
        r#"title="Disease relevance of BACH1: names the disease “ischemic injury” (D017202)""#
    ));
    assert!(
        html.contains(r#"href="https://pubmed.ncbi.nlm.nih.gov/26123998/">PubMed 26123998</a>"#)
    );
    assert!(html.contains(r#"href="/wiki/gene/571/edit?add=Bach1+suppresses+angiogenesis"#));
    assert!(html.contains("Text-mined score"));
    // One topic, paged.
    let (status, _, one) = get(&app, "/genes/BACH1/literature?topic=regulatory").await;
    assert_eq!(status, StatusCode::OK);
    assert!(one.contains("Regulatory relationships"));
    assert!(!one.contains("Disease relevance of BACH1 <span"));
    // Only what it says with HMOX1, named by its symbol.
    let (_, _, with) = get(&app, "/genes/BACH1/literature?with=3162&topic=regulatory").await;
    assert!(
        with.contains("also name <strong>HMOX1 (GeneID 3162)</strong>"),
        "{with}"
    );
    assert!(with.contains(r#"href="/genes/571/literature?with=3162">← Every topic"#));
    // A name of several genes goes to the gene page's choice.
    let (status, _, _) = get(&app, "/genes/NRF2/literature").await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (_, _, gene) = get(&app, "/genes/BACH1").await;
    assert!(gene.contains(r#"id="literature">Literature by topic"#));
    assert!(gene.contains(r#"href="/genes/571/literature?topic=regulatory""#));

    // "+ wiki" without an account: the login link keeps the statement.
    let (status, _, editor) = get(
        &app,
        "/wiki/gene/571/edit?add=Bach1+suppresses+angiogenesis+%5B%40pmid%3A26123998%5D",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        editor.contains(
            "add%3DBach1%2520suppresses%2520angiogenesis%2520%255B%2540pmid%253A26123998%255D"
        ),
        "{editor}"
    );
}

#[tokio::test]
async fn co_mentions_are_graph_edges_of_their_own_kind_with_sentences_as_evidence() {
    let app = router();
    let kg = get_json(&app, "/api/v1/genes/BACH1/knowledge_graph").await;
    assert!(kg["co_mentioned_genes"].as_u64().unwrap() > 0, "{kg}");
    let n = get_json(
        &app,
        "/api/v1/genes/BACH1/neighbors?types=co_mention&limit=3",
    )
    .await;
    let first = &n["neighbors"][0];
    // HMOX1 is the gene the demo's BACH1 texts name most often with it.
    assert_eq!(first["node"]["label"], "HMOX1");
    assert_eq!(first["edge"]["kind"], "co_mention");
    assert_eq!(first["edge"]["sources"][0], "Locus text mining");
    let texts = first["edge"]["strength"].as_u64().unwrap();
    // Filterable like the others: regulation alone leaves them out.
    let reg = get_json(
        &app,
        "/api/v1/genes/BACH1/neighbors?types=regulation&limit=100",
    )
    .await;
    assert!(reg["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["edge"]["kind"] == "regulation"));
    // A path over the edge carries the sentences naming both.
    let p = get_json(
        &app,
        "/api/v1/graph/path?from=BACH1&to=HMOX1&types=co_mention",
    )
    .await;
    let hop = &p["paths"][0]["hops"][0];
    assert_eq!(hop["kind"], "co_mention");
    assert_eq!(hop["co_mention"]["texts"].as_u64(), Some(texts));
    let sentences = hop["co_mention"]["sentences"].as_array().unwrap();
    assert!(!sentences.is_empty());
    for s in sentences {
        let t = s["text"].as_str().unwrap().to_lowercase();
        assert!(t.contains("bach"), "{t}");
        assert!(
            t.contains("hmox1") || t.contains("ho-1") || t.contains("heme oxygenase"),
            "{t}"
        );
    }
    // Gene–disease co-mentions reach the disease's term.
    let d = get_json(
        &app,
        "/api/v1/genes/BACH1/neighbors?types=disease_co_mention&limit=50",
    )
    .await;
    assert!(
        d["neighbors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["node"]["label"] == "breast cancer"),
        "{d}"
    );
}

#[tokio::test]
async fn a_chemical_is_a_graph_node_with_a_page_of_the_genes_named_with_it() {
    let app = router();
    // "gold nanoparticles … Bach1 export" (GeneRIF of PMID 26445536):
    // gold is MeSH D006046.
    let n = get_json(
        &app,
        "/api/v1/genes/BACH1/neighbors?types=chemical_co_mention&limit=20",
    )
    .await;
    let gold = n["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["node"]["entity"]["id"] == "D006046")
        .unwrap_or_else(|| panic!("{n}"));
    assert_eq!(gold["node"]["entity"]["kind"], "chemical");
    assert_eq!(gold["node"]["label"], "gold", "the lower-case spelling");
    assert_eq!(gold["node"]["path"], "/chemicals/D006046");
    let (status, _, html) = get(&app, "/chemicals/D006046").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>gold</h1>"));
    assert!(html.contains(r#"href="/genes/571/literature?with=D006046""#));
    // … which lists the sentences naming BACH1 and gold together.
    let (_, _, both) = get(&app, "/genes/571/literature?with=D006046").await;
    assert!(
        both.contains("Only the sentences that also name <strong>gold (D006046)</strong>"),
        "{both}"
    );
    assert!(both.contains(" nanoparticles through "));
    assert!(!both.contains("Bach1 suppresses angiogenesis"));
    assert!(html.contains("https://meshb.nlm.nih.gov/record/ui?ui=D006046"));
    let (status, _, _) = get(&app, "/chemicals/D999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(&app, "/chemicals/gold").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // The search box finds it by name and by MeSH id.
    let hits = get_json(&app, "/api/v1/search/all?q=gold&limit=5&text=false").await;
    assert_eq!(hits[0]["kind"], "chemical", "{hits}");
    assert_eq!(hits[0]["path"], "/chemicals/D006046");
    let hits = get_json(&app, "/api/v1/search/all?q=D006046&limit=5&text=false").await;
    assert_eq!(hits[0]["rank"], "identifier", "{hits}");
    // The same as JSON.
    let api = get_json(&app, "/api/v1/chemicals/D006046").await;
    assert_eq!(api["name"], "gold");
    assert_eq!(api["mesh"], "D006046");
    assert!(api["genes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["node"]["label"] == "BACH1"));
    let (status, _, body) = get(&app, "/api/v1/chemicals/D999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("chemical_not_found"), "{body}");
    let (status, _, _) = get(&app, "/api/v1/chemicals/DOID:1612").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // The literature page links the chemical's mention to its page.
    let (_, _, lit) = get(&app, "/genes/BACH1/literature?topic=chemical").await;
    assert!(
        lit.contains(r#"<a class="mention" href="/chemicals/D006046">"#),
        "{lit}"
    );
}
