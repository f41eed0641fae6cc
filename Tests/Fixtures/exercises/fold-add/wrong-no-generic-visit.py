# Mistake: never visits the operands, so in 1 + 2 + 3 the left side is still a BinOp and nothing folds.
# Fails the check: nested additions fold from the inside: `1 + 2 + 3` becomes 6
import ast


class FoldAdd(ast.NodeTransformer):
    def visit_BinOp(self, node):
        if (isinstance(node.op, ast.Add)
                and isinstance(node.left, ast.Constant) and type(node.left.value) is int
                and isinstance(node.right, ast.Constant) and type(node.right.value) is int):
            return ast.Constant(node.left.value + node.right.value)
        return node


def fold(source):
    tree = FoldAdd().visit(ast.parse(source))
    ast.fix_missing_locations(tree)
    return compile(tree, "<folded>", "exec")
