import { Fragment } from "react";
import { readableTemplate } from "~/utils/readable-template";

/** One subject line with its personal fields named ("first name") instead of written in Liquid. */
function ReadableLine({ source }: { source: string }) {
  return (
    <em>
      {readableTemplate(source).map((part, i) =>
        part.kind === "text" ? (
          <Fragment key={i}>{part.text}</Fragment>
        ) : (
          <span key={i} className="field-label">
            {part.label}
          </span>
        ),
      )}
    </em>
  );
}

/** A campaign's subject lines; each customer gets one of them, filled in for them. */
export function SubjectLines({ subjects }: { subjects: string[] }) {
  return (
    <>
      {subjects.length === 1 ? "Subject: " : "Subject lines: "}
      {subjects.map((s, i) => (
        <Fragment key={i}>
          {i > 0 ? " · " : null}
          <ReadableLine source={s} />
        </Fragment>
      ))}
    </>
  );
}
