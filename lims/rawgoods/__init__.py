"""Raw goods containing precious metals (Law art.1 p.16): the content record of every precious metal
(Law art.6 p.7, rule R10)."""
