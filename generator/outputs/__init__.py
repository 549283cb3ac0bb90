"""What the build writes and checks besides pages: feeds, calendar and export, the writer of
the docs/ folder, search filters, the link check, the pull-request report and the schemas."""
