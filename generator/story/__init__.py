"""The story model: plain typed models of briefings and the registry, the rules that say
where an event stands (event_state), the link graph, and the site map of page addresses.
Knows nothing of files or pages."""
