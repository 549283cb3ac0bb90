"""Policy briefings: YAML summaries of news articles -> cross-linked Markdown for MkDocs."""
