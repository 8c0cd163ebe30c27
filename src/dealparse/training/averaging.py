"""Average the weights of models fine-tuned from one base (a "model soup").

Runs of the domain stage that start from the same KLUE-trained model and differ only in their
seed (the order of the batches, the dropout masks) end in nearby points of the same basin.
In the measured runs, the mean of their weights scored a higher overall F1 than any one of
them (figures in ``models/README.md``). It costs nothing at inference: the result is one
model of the same size.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language

from dealparse.errors import InvalidInputError

AVERAGED_COMPONENTS = ("tok2vec", "ner")


def average_weights(pipelines: Sequence[Language], components: Sequence[str] = AVERAGED_COMPONENTS) -> Language:
    """Set the first pipeline's ``components`` to the mean of all pipelines' weights; return it.

    The pipelines must share the components' architecture and labels (fine-tuned from one
    base); otherwise a ``ValueError`` says what differs.
    """
    if not pipelines:
        raise InvalidInputError("nothing to average")
    target = pipelines[0]
    for name in components:
        labels = [getattr(nlp.get_pipe(name), "labels", ()) for nlp in pipelines]
        if any(tuple(other) != tuple(labels[0]) for other in labels[1:]):
            raise InvalidInputError(f"the pipelines' {name!r} components have different labels")
        layers = [list(nlp.get_pipe(name).model.walk()) for nlp in pipelines]
        if any(len(other) != len(layers[0]) for other in layers[1:]):
            raise InvalidInputError(f"the pipelines' {name!r} components have different architectures")
        for index, layer in enumerate(layers[0]):
            for param in layer.param_names:
                if not layer.has_param(param):
                    continue
                values = [walked[index].get_param(param) for walked in layers]
                if any(value.shape != values[0].shape for value in values[1:]):
                    raise InvalidInputError(f"{name}: {layer.name}.{param} differs in shape between the pipelines")
                layer.set_param(param, sum(values[1:], values[0].copy()) / len(values))
    return target
