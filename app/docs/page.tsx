import type { Metadata } from "next";
import Link from "next/link";
import { ROUTES } from "@/app/routes";
import { listDocs } from "./docs";

export const metadata: Metadata = { title: "Docs" };

/** Every document of the project, one click from any page (the nav links here). */
export default async function DocsIndex() {
  const docs = await listDocs();
  return (
    <section className="card">
      <h1>Documentation</h1>
      <p>The README and everything in <code>docs/</code>, as the repository holds them.</p>
      <ul className="doc-list" data-testid="doc-list">
        {docs.map((doc) => (
          <li key={doc.slug}>
            <Link href={`${ROUTES.docs.index}/${doc.slug}`}>{doc.title}</Link>
            {/* The repository's own markdown, rendered as the doc pages are. */}
            {doc.summaryHtml && <p dangerouslySetInnerHTML={{ __html: doc.summaryHtml }} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
