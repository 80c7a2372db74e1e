"""The read side: a question in, ranked passages out.

``retriever.Retriever`` fuses dense (Chroma) and lexical (BM25) rankings over the index that
``tutor.index`` wrote; ``lead_passages`` ranks documents by their best and opening passages in
large libraries; ``search`` holds the per-process retriever and the question checks every
caller shares; ``evaluation`` measures hit@k and MRR on labelled questions.
"""
