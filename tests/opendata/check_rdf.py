"""Reads a built site's DCAT catalogue and an indicator page's JSON-LD with
rdflib, and prints what it found as JSON for tests/opendata.rs to check.

Usage: check_rdf.py CATALOG_JSONLD PAGE_JSONLD

The page's JSON-LD names the schema.org context by URL; it is replaced by
the equivalent inline vocabulary so that nothing is fetched.
"""

import json
import sys

import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
SDO = rdflib.Namespace("https://schema.org/")


def catalog_summary(path):
    graph = rdflib.Graph()
    graph.parse(path, format="json-ld")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    datasets = []
    for dataset in sorted(graph.subjects(RDF.type, DCAT.Dataset)):
        distributions = []
        for dist in sorted(graph.objects(dataset, DCAT.distribution)):
            distributions.append(
                {
                    "media_type": str(graph.value(dist, DCAT.mediaType) or ""),
                    "download_url": str(graph.value(dist, DCAT.downloadURL) or ""),
                    "access_url": str(graph.value(dist, DCAT.accessURL) or ""),
                    "byte_size": int(graph.value(dist, DCAT.byteSize) or -1),
                    "license": str(graph.value(dist, DCTERMS.license) or ""),
                    "format": str(graph.value(dist, DCTERMS["format"]) or ""),
                }
            )
        temporal = graph.value(dataset, DCTERMS.temporal)
        contact = graph.value(dataset, DCAT.contactPoint)
        publisher = graph.value(dataset, DCTERMS.publisher)
        datasets.append(
            {
                "id": str(dataset),
                "title": str(graph.value(dataset, DCTERMS.title) or ""),
                "description": str(graph.value(dataset, DCTERMS.description) or ""),
                "keywords": sorted(str(k) for k in graph.objects(dataset, DCAT.keyword)),
                "start": str(graph.value(temporal, DCAT.startDate) or "") if temporal else "",
                "end": str(graph.value(temporal, DCAT.endDate) or "") if temporal else "",
                "modified": str(graph.value(dataset, DCTERMS.modified) or ""),
                "periodicity": str(graph.value(dataset, DCTERMS.accrualPeriodicity) or ""),
                "publisher": str(graph.value(publisher, FOAF.name) or "") if publisher else "",
                "contact_name": str(graph.value(contact, VCARD.fn) or "") if contact else "",
                "contact_email": str(graph.value(contact, VCARD.hasEmail) or "") if contact else "",
                "license": str(graph.value(dataset, DCTERMS.license) or ""),
                "part_of": str(graph.value(dataset, DCTERMS.isPartOf) or ""),
                "distributions": distributions,
            }
        )
    return {"catalogs": [str(c) for c in catalogs], "triples": len(graph), "datasets": datasets}


def page_summary(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data["@context"] = {"@vocab": "https://schema.org/"}
    graph = rdflib.Graph()
    graph.parse(data=json.dumps(data), format="json-ld")
    found = list(graph.subjects(RDF.type, SDO.Dataset))
    if len(found) != 1:
        return {"datasets": len(found)}
    dataset = found[0]
    properties = sorted({str(p).removeprefix("https://schema.org/") for p in graph.predicates(dataset, None)})
    return {"datasets": 1, "properties": properties}


if __name__ == "__main__":
    print(json.dumps({"catalog": catalog_summary(sys.argv[1]), "page": page_summary(sys.argv[2])}, ensure_ascii=False))
