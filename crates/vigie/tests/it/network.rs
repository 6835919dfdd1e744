//! `vigie network analyse`: the demo city's network end to end (its planted groups, brokers and relays abroad
//! against its truth), and bad input.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use vigie_network::analysis::adjusted_rand_index;

use crate::{demo_files, run, text};

fn analyse_files(
    entities: &std::path::Path,
    links: &std::path::Path,
    extra: &[&str],
) -> std::process::Output {
    let mut args = vec![
        "network",
        "analyse",
        "--entities",
        entities.to_str().unwrap(),
        "--links",
        links.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn analyse(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["--json"];
    args.extend_from_slice(extra);
    let out = analyse_files(
        &dir.join("network/entities.csv"),
        &dir.join("network/links.csv"),
        &args,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_demo_network_is_analysed_and_its_planted_structure_recovered() {
    let dir = tempfile::tempdir().unwrap();
    demo_files(dir.path(), 10);
    let r = analyse(dir.path(), &[]);
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("truth.json")).unwrap()).unwrap();
    let truth = &truth["network"];

    // the JSON contract
    assert!(r["components"].as_array().is_some_and(|c| !c.is_empty()));
    let communities = r["communities"].as_array().unwrap();
    assert!(
        communities
            .iter()
            .all(|c| c["id"].is_u64() && c["members"].is_array())
    );
    let modularity = r["modularity"].as_f64().unwrap();
    assert!(modularity > 0.3 && modularity < 1.0, "{modularity}");
    let nodes = r["nodes"].as_array().unwrap();
    for key in ["id", "community", "degree", "betweenness", "constraint", "abroad"] {
        assert!(
            nodes.iter().all(|n| n.get(key).is_some()),
            "every node has `{key}`"
        );
    }
    assert!(r["facilitators"].is_array());
    // persons appear by their pseudonymous id only
    assert!(
        nodes
            .iter()
            .filter(|n| n["kind"] == "person")
            .all(|n| n["label"].is_null())
    );

    // the generator's groups: persons of exactly one group, against the communities found
    let community: BTreeMap<&str, u64> = nodes
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n["community"].as_u64().unwrap()))
        .collect();
    let mut found = Vec::new();
    let mut planted = Vec::new();
    let mut group_ids: BTreeMap<&str, u32> = BTreeMap::new();
    for (person, groups) in truth["person_groups"].as_object().unwrap() {
        let groups = groups.as_array().unwrap();
        if groups.len() == 1 {
            let next = group_ids.len() as u32;
            let g = *group_ids.entry(groups[0].as_str().unwrap()).or_insert(next);
            planted.push(g);
            found.push(community[person.as_str()] as u32);
        }
    }
    let ari = adjusted_rand_index(&found, &planted).unwrap();
    println!("adjusted Rand index of the communities against the planted groups: {ari:.4}");
    assert!(ari >= 0.9, "adjusted Rand index {ari}");

    // the planted brokers rank at the top of the persons by betweenness
    let mut persons: Vec<(&str, f64)> = nodes
        .iter()
        .filter(|n| n["kind"] == "person")
        .map(|n| (n["id"].as_str().unwrap(), n["betweenness"].as_f64().unwrap()))
        .collect();
    persons.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let rank: BTreeMap<&str, usize> = persons.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
    let brokers: Vec<&str> = truth["brokers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    let group_count = truth["groups"].as_array().unwrap().len();
    for b in &brokers {
        println!(
            "broker {b}: rank {} of {} persons by betweenness",
            rank[b] + 1,
            persons.len()
        );
        assert!(rank[b] < 2 * group_count, "broker {b} ranks {}", rank[b] + 1);
    }

    // every planted contact abroad is marked abroad, and the relays reach them all
    let abroad: BTreeSet<&str> = nodes
        .iter()
        .filter(|n| n["abroad"] == true)
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    let contacts: Vec<&str> = truth["foreign_contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for c in &contacts {
        assert!(abroad.contains(c), "{c} is abroad");
    }
    let relays = r["relays"].as_array().unwrap();
    let reached: BTreeSet<&str> = relays
        .iter()
        .flat_map(|x| {
            x["abroad"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap())
        })
        .collect();
    for c in &contacts {
        assert!(reached.contains(c), "a local relay of {c}");
    }
    // the top relays are the persons who keep the contacts abroad: every person among the first relays is a
    // member (or leader) of a group whose contacts abroad they reach
    let top_persons: Vec<&Value> = relays
        .iter()
        .filter(|x| x["kind"] == "person")
        .take(group_count)
        .collect();
    assert!(!top_persons.is_empty());
    for x in &top_persons {
        let id = x["id"].as_str().unwrap();
        assert!(
            truth["person_groups"][id]
                .as_array()
                .is_some_and(|g| !g.is_empty())
                || brokers.contains(&id),
            "relay {id} belongs to a group"
        );
    }

    // the same seed gives the same analysis
    assert_eq!(analyse(dir.path(), &[]), r);
    // and the reader's version says what the figures are
    let out = analyse_files(
        &dir.path().join("network/entities.csv"),
        &dir.path().join("network/links.csv"),
        &[],
    );
    let t = text(&out.stdout);
    assert!(t.contains("communities"), "{t}");
    assert!(t.contains("they say nothing of what any person will do"), "{t}");
}

#[test]
fn bad_network_files_are_refused_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let entities = dir.path().join("entities.csv");
    let links = dir.path().join("links.csv");
    std::fs::write(
        &entities,
        "id,kind,label,country,area\nP-1,person,P-1,FR,\nP-2,person,P-2,FR,\n",
    )
    .unwrap();
    for (content, expected) in [
        (
            "source,target,kind,weight\nP-1,P-9,call,1\n",
            "line 2, field `target`: `P-9` is not an entity",
        ),
        (
            "source,target,kind,weight\nP-1,P-2,bribe,1\n",
            "line 2, field `kind`: `bribe` is not a kind of link",
        ),
        (
            "source,target,kind,weight\nP-1,P-1,call,1\n",
            "line 2, field `target`: a link from `P-1` to itself",
        ),
        (
            "source,target,kind,weight\nP-1,P-2,call,-1\n",
            "line 2, field `weight`: `-1` is negative",
        ),
        ("", "the file is empty"),
    ] {
        std::fs::write(&links, content).unwrap();
        let out = analyse_files(&entities, &links, &[]);
        assert!(!out.status.success(), "{content}");
        let err = text(&out.stderr);
        assert!(err.contains("links.csv"), "{err}");
        assert!(err.contains(expected), "{content:?}: {err}");
    }
}

#[test]
fn duplicate_companies_phones_and_accounts_are_merged_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let entities = dir.path().join("entities.csv");
    let links = dir.path().join("links.csv");
    std::fs::write(
        &entities,
        "id,kind,label,country,area\n\
         P-1,person,P-1,,\nP-2,person,P-2,,\nP-3,person,P-3,,\n\
         C-1,company,Café de la Gare SARL,FR,N01\nC-2,company,CAFE DE LA GARE,FR,N01\n\
         T-1,phone,06 12 34 56 78,,\nT-2,phone,+33 6 12 34 56 78,,\n",
    )
    .unwrap();
    std::fs::write(
        &links,
        "source,target,kind,weight,date\n\
         P-1,C-1,employment,1,\nP-2,C-2,employment,1,\nP-3,T-2,call,2,\nP-1,T-1,call,1,\n",
    )
    .unwrap();
    let plain = analyse_files(&entities, &links, &["--json"]);
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(plain["entities"], 7);
    assert_eq!(plain["merged"].as_array().unwrap().len(), 0);
    // Without resolution the café and the phone split the persons in three components; merged, they are one.
    assert_eq!(plain["components"].as_array().unwrap().len(), 3);
    let out = analyse_files(&entities, &links, &["--json", "--resolve"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["entities"], 5);
    assert_eq!(r["components"].as_array().unwrap().len(), 1);
    let merged: Vec<(String, String)> = r["merged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["kept"].as_str().unwrap().to_owned(),
                m["merged"][0].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        merged,
        [
            ("C-1".to_owned(), "C-2".to_owned()),
            ("T-1".to_owned(), "T-2".to_owned())
        ]
    );
    let t = text(&analyse_files(&entities, &links, &["--resolve", "0.9"]).stdout);
    assert!(t.contains("2 duplicates merged"), "{t}");
    let bad = analyse_files(&entities, &links, &["--resolve", "1.5"]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("threshold"), "{}", text(&bad.stderr));
}
