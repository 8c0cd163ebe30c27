"""Training data, vectors, training and evaluation of dealparse's Korean NER model."""
