import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ROUTES } from "@/app/routes";
import { CopyCodeButtons } from "@/app/ui/copy-button";
import "@/app/ui/code.css";
import { renderDoc } from "../docs";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const doc = await renderDoc((await params).slug);
  return { title: doc ? doc.title : "Not found" };
}

/** One document, rendered from the repository's markdown. */
export default async function DocPage({ params }: Props) {
  const doc = await renderDoc((await params).slug);
  if (!doc) notFound();
  return (
    <article className="card doc">
      <p><Link href={ROUTES.docs.index}>All docs</Link></p>
      {/* Our own markdown files from a fixed folder, never user input (app/docs/docs.ts). */}
      <div id="doc-body" data-testid="doc-body" dangerouslySetInnerHTML={{ __html: doc.html }} />
      <CopyCodeButtons containerId="doc-body" />
    </article>
  );
}
