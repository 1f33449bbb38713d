"""Supporting: one person backs one thing (a proposal, an amendment; later an opinion
statement), and can take it back. Each feature keeps its own support table, rule and
routes; the table's columns, the writes, the route's steps and the page region are here,
once. No blueprint: the features' routes use it."""
