"""The write side: files in, chunks and vectors out.

Loaders read Markdown, text and PDF files (``loaders``), ``chunking`` packs sections into
chunks, ``ingest`` embeds them into a ``store`` (embedded Chroma, a Chroma server, or the
in-memory twin) and records each file in the ``manifest``; ``sentence_vectors`` keeps every
quotable sentence embedded for fast offline answers; ``stats`` reports what is indexed.
Nothing here imports the read side (``tutor.retrieval``).
"""
